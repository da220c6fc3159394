import { CallLog } from './call-log';

describe('CallLog', () => {
  const record = (log: CallLog, botId: number, method: string): number =>
    log.record({ time: 0, botId, method, params: {}, ok: true }).seq;

  it('lists the calls after a seq, filtered by method (any case) and bot, in order', () => {
    const log = new CallLog();
    for (let i = 0; i < 10; i++) record(log, i % 2, i % 3 === 0 ? 'sendMessage' : 'getUpdates');
    expect(log.list({ after: 4 }).map((c) => c.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(log.list({ after: 4, method: 'sendmessage' }).map((c) => c.seq)).toEqual([7, 10]);
    expect(log.list({ after: 0, botId: 1, method: 'SENDMESSAGE' }).map((c) => c.seq)).toEqual([4, 10]);
    expect(log.list({ after: 10 })).toEqual([]);
    expect(log.list()).toHaveLength(10);
  });

  it('keeps the newest calls up to its capacity and still finds those after a seq', () => {
    const log = new CallLog(5);
    for (let i = 0; i < 12; i++) record(log, 1, 'sendMessage');
    expect(log.list().map((c) => c.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(log.list({ after: 3 }).map((c) => c.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(log.list({ after: 10 }).map((c) => c.seq)).toEqual([11, 12]);
  });
});
