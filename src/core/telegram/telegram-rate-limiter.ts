import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS_CLIENT } from '../redis/redis.module';
import { RedisScript } from './redis-script';
import { GATE, SETTLE } from './send-gate-scripts';
import { chatIntervalMs, SendLimits } from './telegram-limits';
import { sleep } from '../timing/sleep';

// Reserves the earliest send slot that keeps both the bot-wide and the chat's spacing, in
// one atomic step on Redis's clock, so every instance shares one schedule.
// - Bot-wide: time is cut in slots of 1000/limit ms and each slot carries at most one send,
//   at its start (a sorted set of taken slot numbers), so sends are spread evenly. A send that must wait
//   for its chat takes a slot later on without blocking the free slots before it; KEYS[3]
//   remembers the first free slot so a busy schedule is not probed from the start each time.
// - Per chat: the time of the chat's next free slot (GCRA); KEYS[4] holds the bot as a whole.
// With ARGV[3] > 0, a slot further away than that is not taken and its delay comes back
// negative, so a caller (the notification worker) can requeue instead of waiting.
const RESERVE = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local width = tonumber(ARGV[1])
local chatNext = tonumber(redis.call('GET', KEYS[2]) or '0')
local holdAll = tonumber(redis.call('GET', KEYS[4]) or '0')
local earliest = math.max(now, chatNext, holdAll)
local nowSlot = math.floor(now / width)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowSlot - 1)
-- Invariant: every slot from now up to the frontier is taken.
local frontier = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), nowSlot)
local slot = math.max(math.ceil(earliest / width), frontier)
-- 1 when the chat (or a hold of the whole bot) decides the slot, not the schedule's crowd.
local bound = math.ceil(earliest / width) > frontier and 1 or 0
while redis.call('ZSCORE', KEYS[1], slot) do slot = slot + 1 end
local start = slot * width
local maxDelay = tonumber(ARGV[3])
if maxDelay > 0 and start - now > maxDelay then
  return {-math.floor(start - now) - 1, tostring(start), tostring(now), tostring(slot), bound}
end
redis.call('ZADD', KEYS[1], slot, slot)
redis.call('PEXPIRE', KEYS[1], math.ceil(start - now) + 60000)
while redis.call('ZSCORE', KEYS[1], frontier) do frontier = frontier + 1 end
redis.call('SET', KEYS[3], frontier, 'PX', math.ceil(frontier * width - now) + 60000)
local chatAfter = start + tonumber(ARGV[2])
redis.call('SET', KEYS[2], tostring(chatAfter), 'PX', math.ceil(chatAfter - now) + 1000)
return {math.max(0, math.floor(start - now)), tostring(start), tostring(now), tostring(slot), bound}
`);

// Pushes a key's next free slot to at least now + ARGV[1] ms (Telegram's retry_after).
const HOLD = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = math.max(cur, now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], tostring(untilMs), 'PX', math.ceil(untilMs - now) + 1000)
return untilMs - now
`);

// Bot-wide slots are 0.2 % wider than the limit. The departure gate (sendInSlot) is what keeps
// every second within the limit, whatever the delays; the slots spread the sends evenly.
// Measured with bench:notify before the gate existed, sends left on the slots alone reached
// Telegram 10-20 ms off them on a busy machine: 4-15 429s a run even with a 1.5 % spare.
const GLOBAL_MARGIN = 1.002;
// Per chat (1/s, with Telegram's burst of 2) and per group (a sliding minute of 20) a spare of
// 1.5 % is ample for such delays.
const CHAT_MARGIN = 1.015;
// A send still in flight this long after it left is presumed answered (its sender died, or the
// connection hangs): it stops holding back the others.
const PRESUME_ANSWERED_MS = 2000;

// Samples of Redis's clock are kept this long for the offset estimate (clocks drift slowly).
const CLOCK_WINDOW_MS = 30_000;

/**
 * Redis's clock minus ours, estimated from reservations as NTP does: Redis read its clock
 * somewhere between our sending the call and getting the answer, so each call gives the offset
 * to within half its round trip; the quickest call of the last half minute or so is the best
 * estimate (clocks drift slowly). A slot is then slept until on our clock, however late the
 * answer came back: a reply delayed by a busy event loop makes the send late (and seen as
 * late), instead of silently shifting it off its slot.
 */
class ClockOffset {
  private best = { offset: 0, rtt: Infinity };
  private previous = { offset: 0, rtt: Infinity };
  private windowStart = 0;

  sample(redisNow: number, sentAt: number, answeredAt: number): void {
    if (sentAt - this.windowStart > CLOCK_WINDOW_MS) {
      this.previous = this.best;
      this.best = { offset: 0, rtt: Infinity };
      this.windowStart = sentAt;
    }
    const rtt = answeredAt - sentAt;
    // Redis's TIME is read in whole milliseconds: its true time is up to 1 ms later.
    if (rtt < this.best.rtt) this.best = { offset: redisNow + 0.5 - (sentAt + answeredAt) / 2, rtt };
  }

  get ms(): number {
    return this.current.offset;
  }

  /** How far off the estimate may be: half the round trip it came from, plus TIME's rounding. */
  get uncertaintyMs(): number {
    return Number.isFinite(this.current.rtt) ? this.current.rtt / 2 + 1 : 1000;
  }

  private get current(): { offset: number; rtt: number } {
    return this.best.rtt <= this.previous.rtt ? this.best : this.previous;
  }
}

export interface Reservation {
  /** Wait this long before sending (0 when the slot is now or past). */
  delayMs: number;
  /** When to send, on this process's clock (epoch ms). */
  dueAt: number;
  /** False when the slot was further away than `maxDelayMs`: nothing was reserved. */
  reserved: boolean;
  /** The slot's time on Redis's clock (epoch ms), the same for every instance. */
  slotAt: number;
  /** The slot's number in the bot-wide schedule. */
  slot: number;
  /**
   * True when the chat's own limit (or a 429 hold) put the slot where it is; false when it is
   * the first slot the bot-wide schedule had free.
   */
  chatBound: boolean;
  /** The chat the slot is for. */
  chatId: string;
}

/**
 * The send scheduler every Telegram call of the service goes through: at most
 * NOTIFY_GLOBAL_PER_SECOND sends per second spread evenly, NOTIFY_PER_CHAT_PER_SECOND per
 * private chat, NOTIFY_GROUP_PER_MINUTE per group, shared by all instances through Redis.
 */
@Injectable()
export class TelegramRateLimiter {
  private readonly limits: SendLimits;
  private readonly prefix: string;
  private readonly clock = new ClockOffset();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.limits = {
      globalPerSecond: config.env.NOTIFY_GLOBAL_PER_SECOND,
      perChatPerSecond: config.env.NOTIFY_PER_CHAT_PER_SECOND,
      groupPerMinute: config.env.NOTIFY_GROUP_PER_MINUTE,
    };
    this.prefix = `${config.queuePrefix}:tg-rate`;
  }

  get sendLimits(): SendLimits {
    return this.limits;
  }

  /** Takes the next slot for a send to `chatId` (unless it is more than `maxDelayMs` away). */
  async reserve(chatId: number | string, maxDelayMs = 0): Promise<Reservation> {
    const sentAt = Date.now();
    const key = this.globalKey();
    const [delay, slotAt, redisNow, slot, bound] = await RESERVE.run<[number, string, string, string, number]>(
      this.redis,
      [key, this.chatKey(chatId), `${key}:frontier`, `${key}:hold`],
      [String(this.slotWidthMs), String(chatIntervalMs(chatId, this.limits) * CHAT_MARGIN), String(maxDelayMs)],
    );
    this.clock.sample(Number(redisNow), sentAt, Date.now());
    const at = Number(slotAt);
    const dueAt = at - this.clock.ms;
    const common = {
      dueAt,
      slotAt: at,
      slot: Number(slot),
      chatBound: bound === 1,
      chatId: String(chatId),
    };
    return delay < 0
      ? { delayMs: -delay - 1, reserved: false, ...common }
      : { delayMs: Math.max(0, dueAt - Date.now()), reserved: true, ...common };
  }

  /**
   * Sends in a reserved slot: sleeps until the slot, passes the departure gate, runs `call` (one
   * Bot API call) and records when it was answered. The gate lets a send leave only while fewer
   * than the limit's number of sends are in flight or were answered within the last second (see
   * send-gate-scripts.ts): Telegram counts each send somewhere between the two, so no second it
   * sees ever holds more than the limit, however late a send left or slow an answer came back.
   * Per chat, a send leaves only once the chat's previous one was answered at least the chat's
   * interval (1 s; 3 s for a group) ago.
   */
  async sendInSlot<T>(reservation: Reservation, call: () => Promise<T>): Promise<T> {
    await sleep(reservation.dueAt - Date.now());
    const keys = [...this.gateKeys(), `${this.chatKey(reservation.chatId)}:sends`];
    for (;;) {
      const [code, ms] = await GATE.run<[number, string]>(this.redis, keys, [
        reservation.slot,
        this.limits.globalPerSecond,
        PRESUME_ANSWERED_MS,
        chatIntervalMs(reservation.chatId, this.limits),
      ]);
      if (code === 0) break;
      await sleep(Math.ceil(Number(ms)));
    }
    try {
      return await call();
    } finally {
      // When the answer came, on Redis's clock (at the latest): the SETTLE call itself may wait
      // behind other commands, and every millisecond it adds keeps a slot of the window taken.
      const answeredAt = Date.now() + this.clock.ms + this.clock.uncertaintyMs;
      SETTLE.run(this.redis, keys, [reservation.slot, answeredAt]).catch(() => undefined);
    }
  }

  /** Telegram answered 429 for this chat: nothing goes to it before `retryAfterSeconds`. */
  async holdChat(chatId: number | string, retryAfterSeconds: number): Promise<void> {
    await HOLD.run(this.redis, [this.chatKey(chatId)], [retryAfterSeconds * 1000]);
  }

  /** Telegram answered 429 to the bot as a whole: nothing goes anywhere before `retryAfterSeconds`. */
  async holdAll(retryAfterSeconds: number): Promise<void> {
    await HOLD.run(this.redis, [`${this.globalKey()}:hold`], [retryAfterSeconds * 1000]);
  }

  // Slots are numbered in units of the slot width: a schedule kept at another rate (the
  // setting changed between deployments) must not be read with this one's width.
  private globalKey(): string {
    return `${this.prefix}:global:${this.limits.globalPerSecond}`;
  }

  private gateKeys(): string[] {
    const key = this.globalKey();
    return [`${key}:flight`, `${key}:ended`];
  }

  /** Milliseconds between two slots of the bot-wide schedule. */
  get slotWidthMs(): number {
    return (1000 / this.limits.globalPerSecond) * GLOBAL_MARGIN;
  }

  private chatKey(chatId: number | string): string {
    return `${this.prefix}:chat:${chatId}`;
  }
}
