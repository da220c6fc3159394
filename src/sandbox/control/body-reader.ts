/** Reads a control API JSON body; a wrong field is a 400 with a sentence naming it. */
export class BodyReader {
  private readonly body: Record<string, unknown>;

  constructor(body: unknown) {
    this.body =
      typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }

  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw new Error(`${name} is required`);
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new Error(`${name} must be a string`);
    return value;
  }

  number(name: string): number {
    const value = this.optionalNumber(name);
    if (value === undefined) throw new Error(`${name} is required`);
    return value;
  }

  optionalNumber(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`${name} must be a number`);
    return number;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw new Error(`${name} must be true or false`);
    return value;
  }

  optionalNumbers(name: string): number[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'number')) throw new Error(`${name} must be numbers`);
    return value as number[];
  }

  raw(name: string): unknown {
    return this.body[name];
  }

  /** A file sent as base64 (what the page and the test client send). */
  optionalFile(): { data: Buffer; fileName?: string; mimeType?: string } | undefined {
    const base64 = this.optionalString('base64');
    if (base64 === undefined) return undefined;
    return {
      data: Buffer.from(base64, 'base64'),
      fileName: this.optionalString('fileName'),
      mimeType: this.optionalString('mimeType'),
    };
  }
}
