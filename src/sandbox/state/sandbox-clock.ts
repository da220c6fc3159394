/** Wall time that tests can move forward, so minute-long rate limit windows need no sleeping. */
export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Unix time in seconds, as Telegram's `date` fields. */
  unixTime(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
