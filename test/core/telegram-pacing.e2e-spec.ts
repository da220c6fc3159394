import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Telegram } from 'telegraf';
import { AppConfig } from '../../src/core/config/app-config';
import { paceTelegram } from '../../src/core/telegram/paced-telegram';
import { TelegramRateLimiter } from '../../src/core/telegram/telegram-rate-limiter';
import { createTestConfig } from '../support/test-stack';

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
    // Slots are 1000/30 ms plus a 1.5 % margin apart, on Redis's clock.
    for (let i = 1; i < sendAt.length; i++) expect(sendAt[i] - sendAt[i - 1]).toBeGreaterThanOrEqual(33.6);
    for (let i = 30; i < sendAt.length; i++) expect(sendAt[i] - sendAt[i - 30]).toBeGreaterThanOrEqual(1000);
  });

  it("names each slot's time on this process's clock, however late Redis's answer came back", async () => {
    let reservation = await limiter.reserve(4242);
    for (let i = 0; i < 20; i++) reservation = await limiter.reserve(5000 + i);
    // Redis runs on this machine: its clock is ours, to within half the quickest call's round trip.
    expect(Math.abs(reservation.dueAt - reservation.slotAt)).toBeLessThan(5);
    expect(reservation.delayMs).toBeLessThanOrEqual(Math.max(0, reservation.dueAt - Date.now()) + 1);
  });

  it('keeps the slot one second after a late send empty when the schedule has no room for it (30/s)', async () => {
    const width = (1000 / 30) * 1.015;
    const late = await limiter.reserve(7100);
    // 10 ms late fits the schedule's spare; 20 ms late shares a second with the slot 30 on.
    expect(await limiter.skipAfterLateSend(late.slotAt, 10)).toBe(0);
    expect(await limiter.skipAfterLateSend(late.slotAt, 20)).toBe(0);
    const next: number[] = [];
    for (let i = 0; i < 31; i++) next.push((await limiter.reserve(7200 + i)).slotAt);
    const thirtyOn = late.slotAt + 30 * width;
    expect(next.some((at) => Math.abs(at - thirtyOn) < 1)).toBe(false);
    expect(next.some((at) => Math.abs(at - (thirtyOn + width)) < 1)).toBe(true);
  });

  it('does not give up slots after a late send at a rate with room for it (300/s)', async () => {
    const fast = new TelegramRateLimiter(redisA, await createTestConfig({ NOTIFY_GLOBAL_PER_SECOND: '300' }));
    const late = await fast.reserve(7300);
    await fast.skipAfterLateSend(late.slotAt, 25);
    const width = (1000 / 300) * 1.015;
    const next: number[] = [];
    for (let i = 0; i < 310; i++) next.push((await fast.reserve(7400 + i)).slotAt);
    // The slots one second on are used as usual.
    const secondOn = late.slotAt + 300 * width;
    expect(next.some((at) => Math.abs(at - secondOn) < 0.5)).toBe(true);
    expect(next.some((at) => Math.abs(at - (secondOn - width)) < 0.5)).toBe(true);
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
    expect(second - first).toBeLessThanOrEqual(3030 + 34);
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
