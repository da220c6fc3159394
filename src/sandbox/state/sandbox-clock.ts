/** Wall time that tests can stop and move forward, so rate limit windows need no sleeping. */
export class SandboxClock {
  private offsetMs = 0;
  private frozenAt?: number;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  /** Unix time in seconds, as Telegram's `date` fields. */
  unixTime(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Stops the clock (until `resume`), so that "within one second" does not depend on the machine's speed. */
  freeze(): void {
    this.frozenAt = this.now();
  }

  resume(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}
