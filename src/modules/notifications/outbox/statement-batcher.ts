interface Pending<I, O> {
  input: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

/**
 * Gathers concurrent calls into one database statement, as a group commit does: a call made while
 * nothing is running goes at once (in the same turn of the event loop as its neighbours); calls
 * made while statements are running wait for one to finish and then go together. At a few sends
 * a second nothing waits; at hundreds, a round trip per row would cost more CPU (socket writes)
 * than the rest of a send. `run` answers one output per input, in order. Inputs with the same
 * key never share a statement.
 */
export class StatementBatcher<I, O> {
  private batch: Pending<I, O>[] = [];
  private keys = new Set<string>();
  private deferred: Pending<I, O>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly options: { maxSize: number; maxInFlight: number; key: (input: I) => string },
  ) {}

  submit(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.add({ input, resolve, reject });
      this.schedule();
    });
  }

  private add(item: Pending<I, O>): void {
    const key = this.options.key(item.input);
    if (this.keys.has(key)) {
      this.deferred.push(item);
      return;
    }
    this.keys.add(key);
    this.batch.push(item);
  }

  // Flushes after the current turn of the event loop, when a statement may start.
  private schedule(): void {
    if (this.scheduled || this.batch.length === 0 || this.running >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.batch.length === 0 || this.running >= this.options.maxInFlight) return;
    const batch = this.batch.splice(0, this.options.maxSize);
    this.keys = new Set(this.batch.map((b) => this.options.key(b.input)));
    const deferred = this.deferred;
    this.deferred = [];
    for (const item of deferred) this.add(item);
    this.running += 1;
    this.run(batch.map((b) => b.input))
      .then(
        (outputs) => batch.forEach((b, i) => b.resolve(outputs[i])),
        (error: unknown) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => {
        this.running -= 1;
        this.schedule();
      });
    this.schedule();
  }
}
