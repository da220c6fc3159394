import { StatementBatcher } from './statement-batcher';

describe('StatementBatcher', () => {
  it('runs calls made together as one statement and answers each its own result', async () => {
    const runs: number[][] = [];
    const batcher = new StatementBatcher<number, number>(
      async (inputs) => {
        runs.push(inputs);
        return inputs.map((n) => n * 10);
      },
      { maxSize: 3, maxInFlight: 1, key: String },
    );
    const results = await Promise.all([1, 2, 3, 4, 2].map((n) => batcher.submit(n)));
    expect(results).toEqual([10, 20, 30, 40, 20]);
    // Full at three; the same key never twice in one statement.
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 2],
    ]);
  });

  it('sends a lone call at once, and gathers the calls made while a statement runs', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new StatementBatcher<number, number>(
      async (inputs) => {
        runs.push(inputs);
        if (runs.length === 1) await gate;
        return inputs;
      },
      { maxSize: 100, maxInFlight: 1, key: String },
    );
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every call of a statement that fails', async () => {
    const batcher = new StatementBatcher<number, number>(() => Promise.reject(new Error('down')), {
      maxSize: 10,
      maxInFlight: 2,
      key: String,
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('down');
  });
});
