import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Telegram } from 'telegraf';
import { AppConfig } from '../../src/core/config/app-config';
import { paceTelegram } from '../../src/core/telegram/paced-telegram';
import { Reservation, TelegramRateLimiter } from '../../src/core/telegram/telegram-rate-limiter';
import { maxInWindow } from '../../bench/lib/sandbox-stats';
import { createTestConfig } from '../support/test-stack';

/** A small deterministic random source (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the shared Telegram send schedule', () => {
  let config: AppConfig;
  let redisA: Redis;
  let redisB: Redis;
  let limiter: TelegramRateLimiter;
  let otherInstance: TelegramRateLimiter;

  beforeEach(async () => {
    config = await createTestConfig();
    redisA = new Redis(config.redisUrl);
    redisB = new Redis(config.redisUrl);
    limiter = new TelegramRateLimiter(redisA, config);
    otherInstance = new TelegramRateLimiter(redisB, config);
  });
  afterEach(() => {
    redisA.disconnect();
    redisB.disconnect();
  });

  it('spreads sends to different chats evenly at 30 per second, across instances', async () => {
    const sendAt: number[] = [];
    for (let i = 0; i < 90; i++) {
      const instance = i % 2 === 0 ? limiter : otherInstance;
      sendAt.push((await instance.reserve(1000 + i)).slotAt);
    }
    // Slots are 1000/30 ms plus a 0.2 % margin apart, on Redis's clock.
    for (let i = 1; i < sendAt.length; i++) expect(sendAt[i] - sendAt[i - 1]).toBeGreaterThanOrEqual(33.35);
    for (let i = 30; i < sendAt.length; i++) expect(sendAt[i] - sendAt[i - 30]).toBeGreaterThanOrEqual(1000);
  });

  it("names each slot's time on this process's clock, however late Redis's answer came back", async () => {
    let reservation = await limiter.reserve(4242);
    for (let i = 0; i < 20; i++) reservation = await limiter.reserve(5000 + i);
    // Redis runs on this machine: its clock is ours, to within half the quickest call's round trip.
    expect(Math.abs(reservation.dueAt - reservation.slotAt)).toBeLessThan(5);
    expect(reservation.delayMs).toBeLessThanOrEqual(Math.max(0, reservation.dueAt - Date.now()) + 1);
  });

  // Times as the gate sees them: when each call started and when its answer came back.
  interface Timed {
    chat: number;
    start: number;
    end: number;
  }

  async function timedSend(
    instance: TelegramRateLimiter,
    chat: number,
    latencyMs: number,
    out: Timed[],
    reservation?: Reservation,
  ): Promise<void> {
    await instance.sendInSlot(reservation ?? (await instance.reserve(chat)), async () => {
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      out.push({ chat, start, end: Date.now() });
    });
  }

  it('lets a send leave only while fewer than the limit were answered within the last second', async () => {
    const sends: Timed[] = [];
    // 30 sends whose answers take 400 ms, from two instances: the 31st waits until the first of
    // them has been answered for a second.
    const instance = (i: number): TelegramRateLimiter => (i % 2 ? otherInstance : limiter);
    const reservations: Reservation[] = [];
    for (let i = 0; i < 31; i++) reservations.push(await instance(i).reserve(8000 + i));
    await Promise.all(reservations.map((r, i) => timedSend(instance(i), 8000 + i, i < 30 ? 400 : 1, sends, r)));
    const last = sends.find((s) => s.chat === 8030)!;
    const firstEnd = Math.min(...sends.filter((s) => s.chat !== 8030).map((s) => s.end));
    expect(last.start - firstEnd).toBeGreaterThanOrEqual(1000);
    expect(last.start - firstEnd).toBeLessThan(1100);
  });

  it('keeps a second between the answer to one send to a chat and the next send to it', async () => {
    const sends: Timed[] = [];
    // Both slots are a second apart, but the first answer takes 400 ms.
    const first = await limiter.reserve(8050);
    const second = await otherInstance.reserve(8050);
    expect(second.slotAt - first.slotAt).toBeLessThan(1100);
    await Promise.all([timedSend(limiter, 8050, 400, sends, first), timedSend(otherInstance, 8050, 1, sends, second)]);
    const [a, b] = sends.sort((x, y) => x.start - y.start);
    expect(b.start - a.end).toBeGreaterThanOrEqual(1000);
  });

  it('holds back nobody for long after a sender died with sends in flight', async () => {
    // 30 sends that never get an answer (their process was killed mid-call).
    const dead = Array.from({ length: 30 }, (_, i) =>
      limiter.reserve(8100 + i).then((r) => limiter.sendInSlot(r, () => new Promise<void>(() => undefined))),
    );
    void dead;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const started = Date.now();
    const sends: Timed[] = [];
    await Promise.all(Array.from({ length: 60 }, (_, i) => timedSend(otherInstance, 8200 + i, 1, sends)));
    // Presumed answered 2 s after they left, then counted for a second: the rest go at 30/s.
    const elapsed = Math.max(...sends.map((s) => s.start)) - started;
    expect(elapsed).toBeGreaterThan(1500);
    expect(elapsed).toBeLessThan(5000);
    const starts = sends.map((s) => s.start).sort((a, b) => a - b);
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(30);
  });

  it('never lets Telegram count more than the limit in a second, whatever the delays on the way', async () => {
    const sends: Timed[] = [];
    // Two instances; answers taking 0-40 ms; a fifth of the senders leave up to 60 ms late.
    const random = seeded(7);
    await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const instance = i % 2 ? otherInstance : limiter;
        const reservation = await instance.reserve(8300 + i);
        if (random() < 0.2) {
          const late = reservation.dueAt - Date.now() + random() * 60;
          if (late > 0) await new Promise((resolve) => setTimeout(resolve, late));
        }
        await timedSend(instance, 8300 + i, random() * 40, sends, reservation);
      }),
    );
    expect(sends).toHaveLength(120);
    // Telegram counts each send somewhere between its start and its answer: try many placements.
    for (let trial = 0; trial < 200; trial++) {
      const arrivals = sends.map((s) => s.start + random() * (s.end - s.start)).sort((a, b) => a - b);
      expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(30);
    }
    // The extreme placements too: answers of the earlier half counted as late as possible.
    const sorted = [...sends].sort((a, b) => a.start - b.start);
    const extreme = sorted.map((s, i) => (i % 60 < 30 ? s.end : s.start)).sort((a, b) => a - b);
    expect(maxInWindow(extreme, 1000)).toBeLessThanOrEqual(30);
    // And it is not slower than it must be: 120 sends at 30/s take about four seconds.
    expect(sorted[119].start - sorted[0].start).toBeLessThan(4600);
  });

  it('keeps one second between sends to one private chat', async () => {
    const slots = [];
    for (let i = 0; i < 3; i++) slots.push((await limiter.reserve(42)).slotAt);
    expect(slots[1] - slots[0]).toBeGreaterThanOrEqual(1015);
    expect(slots[2] - slots[1]).toBeGreaterThanOrEqual(1015);
    // Each lands on the first slot of the bot-wide schedule after its chat allows it.
    expect(slots[2] - slots[0]).toBeLessThanOrEqual(2 * (1015 + 34));
  });

  it('keeps three seconds between sends to one group (20 per minute)', async () => {
    const first = (await limiter.reserve(-100123)).slotAt;
    const second = (await limiter.reserve(-100123)).slotAt;
    expect(second - first).toBeGreaterThanOrEqual(3030);
    // The chat's 3 s plus 1.5 %, rounded up to the next slot of the bot-wide schedule.
    expect(second - first).toBeLessThanOrEqual(3045 + 34);
  });

  it('does not take a slot further away than the caller accepts', async () => {
    await limiter.reserve(7);
    const refused = await limiter.reserve(7, 500);
    expect(refused.reserved).toBe(false);
    expect(refused.delayMs).toBeGreaterThan(900);
    // Nothing was taken: the next reservation gets the same slot.
    const taken = await limiter.reserve(7);
    expect(taken.reserved).toBe(true);
    expect(taken.slotAt).toBe(refused.slotAt);
  });

  it('holds a chat for retry_after after a 429', async () => {
    await limiter.holdChat(99, 5);
    const { delayMs } = await otherInstance.reserve(99);
    expect(delayMs).toBeGreaterThan(4900);
    expect((await limiter.reserve(100)).delayMs).toBeLessThan(100);
  });
});

describe('paceTelegram', () => {
  let server: Server;
  let apiRoot: string;
  const calls: { method: string; at: number }[] = [];
  let rateLimitNext = 0;

  beforeAll(async () => {
    // A minimal Bot API stand-in: answers 429 (retry_after 1) while told to, else ok.
    server = createServer((req, res) => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      req.resume();
      req.on('end', () => {
        calls.push({ method, at: Date.now() });
        res.setHeader('content-type', 'application/json');
        if (rateLimitNext > 0) {
          rateLimitNext--;
          res.statusCode = 429;
          res.end(
            JSON.stringify({
              ok: false,
              error_code: 429,
              description: 'Too Many Requests: retry after 1',
              parameters: { retry_after: 1 },
            }),
          );
          return;
        }
        res.end(
          JSON.stringify({ ok: true, result: { message_id: calls.length, date: 0, chat: { id: 1, type: 'private' } } }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    calls.length = 0;
    rateLimitNext = 0;
  });

  async function pacedClient(): Promise<{ telegram: Telegram; close: () => void }> {
    const config = await createTestConfig();
    const redis = new Redis(config.redisUrl);
    const telegram = paceTelegram(new Telegram('123:TEST', { apiRoot }), new TelegramRateLimiter(redis, config));
    return { telegram, close: () => redis.disconnect() };
  }

  it('waits retry_after and sends again when Telegram answers 429', async () => {
    const { telegram, close } = await pacedClient();
    rateLimitNext = 1;
    const message = await telegram.sendMessage(5, 'hello');
    expect(message.message_id).toBe(2);
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'sendMessage']);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(990);
    close();
  });

  it('paces a burst to one chat at one per second', async () => {
    const { telegram, close } = await pacedClient();
    await Promise.all([telegram.sendMessage(6, 'a'), telegram.sendMessage(6, 'b'), telegram.sendMessage(6, 'c')]);
    const times = calls.map((c) => c.at).sort((a, b) => a - b);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(950);
    close();
  });

  it('does not pace calls that Telegram does not count (getMe, answerCallbackQuery)', async () => {
    const { telegram, close } = await pacedClient();
    const started = Date.now();
    await Promise.all([telegram.getMe(), telegram.getMe(), telegram.getMe()]);
    expect(Date.now() - started).toBeLessThan(500);
    close();
  });
});
