import { StatementBatcher } from './statement-batcher';

describe('StatementBatcher', () => {
  it('runs calls made together as one statement and answers each its own result', async () => {
    const runs: number[][] = [];
    const batcher = new StatementBatcher<number, number>(
      async (inputs) => {
        runs.push(inputs);
        return inputs.map((n) => n * 10);
      },
      { maxWaitMs: 5, maxSize: 3, key: String },
    );
    const results = await Promise.all([1, 2, 3, 4, 2].map((n) => batcher.submit(n)));
    expect(results).toEqual([10, 20, 30, 40, 20]);
    // Full at three; the same key never twice in one statement.
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 2],
    ]);
  });

  it('fails every call of a statement that fails', async () => {
    const batcher = new StatementBatcher<number, number>(() => Promise.reject(new Error('down')), {
      maxWaitMs: 1,
      maxSize: 10,
      key: String,
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('down');
  });
});
