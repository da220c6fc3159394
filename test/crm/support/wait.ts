/** Polls `probe` until it returns a value (not undefined), failing after `withinMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, withinMs: number, what: string): Promise<T> {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within ${withinMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}
