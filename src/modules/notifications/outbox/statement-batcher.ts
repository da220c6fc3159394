/**
 * Gathers calls made within a few milliseconds into one database statement: at hundreds of
 * sends a second, a round trip per row costs more CPU (socket writes) than the rest of a send.
 * `run` answers one output per input, in order. Inputs with the same key never share a batch.
 */
export class StatementBatcher<I, O> {
  private batch: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private keys = new Set<string>();
  private deferred: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly options: { maxWaitMs: number; maxSize: number; key: (input: I) => string },
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => this.add({ input, resolve, reject }));
  }

  private add(item: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }): void {
    const key = this.options.key(item.input);
    if (this.keys.has(key)) {
      this.deferred.push(item);
      return;
    }
    this.keys.add(key);
    this.batch.push(item);
    if (this.batch.length >= this.options.maxSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    this.batch = [];
    this.keys = new Set();
    const deferred = this.deferred;
    this.deferred = [];
    for (const item of deferred) this.add(item);
    if (batch.length === 0) return;
    this.run(batch.map((b) => b.input)).then(
      (outputs) => batch.forEach((b, i) => b.resolve(outputs[i])),
      (error: unknown) => batch.forEach((b) => b.reject(error)),
    );
  }
}
