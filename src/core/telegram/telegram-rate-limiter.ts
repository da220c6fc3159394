import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS_CLIENT } from '../redis/redis.module';
import { chatIntervalMs, SendLimits } from './telegram-limits';

// Reserves the earliest send slot that keeps both the bot-wide and the chat's spacing, in
// one atomic step on Redis's clock, so every instance shares one schedule.
// - Bot-wide: time is cut in slots of 1000/limit ms and each slot carries at most one send,
//   at its start (a sorted set of taken slot numbers), so sends are spread evenly. A send that must wait
//   for its chat takes a slot later on without blocking the free slots before it; KEYS[3]
//   remembers the first free slot so a busy schedule is not probed from the start each time.
// - Per chat: the time of the chat's next free slot (GCRA); KEYS[4] holds the bot as a whole.
// With ARGV[3] > 0, a slot further away than that is not taken and its delay comes back
// negative, so a caller (the notification worker) can requeue instead of waiting.
const RESERVE = `
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
while redis.call('ZSCORE', KEYS[1], slot) do slot = slot + 1 end
local start = slot * width
local maxDelay = tonumber(ARGV[3])
if maxDelay > 0 and start - now > maxDelay then
  return {-math.floor(start - now) - 1, tostring(start), tostring(now)}
end
redis.call('ZADD', KEYS[1], slot, slot)
redis.call('PEXPIRE', KEYS[1], math.ceil(start - now) + 60000)
while redis.call('ZSCORE', KEYS[1], frontier) do frontier = frontier + 1 end
redis.call('SET', KEYS[3], frontier, 'PX', math.ceil(frontier * width - now) + 60000)
local chatAfter = start + tonumber(ARGV[2])
redis.call('SET', KEYS[2], tostring(chatAfter), 'PX', math.ceil(chatAfter - now) + 1000)
return {math.max(0, math.floor(start - now)), tostring(start), tostring(now)}
`;

// Pushes a key's next free slot to at least now + ARGV[1] ms (Telegram's retry_after).
const HOLD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = math.max(cur, now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], tostring(untilMs), 'PX', math.ceil(untilMs - now) + 1000)
return untilMs - now
`;

// Slots ARGV[1] .. ARGV[1] + ARGV[2] - 1 are taken so that nobody sends on them (see
// skipAfterLateSend). Answers how many were taken already.
const SKIP = `
local taken = 0
for i = 0, tonumber(ARGV[2]) - 1 do
  local slot = tonumber(ARGV[1]) + i
  if redis.call('ZADD', KEYS[1], 'NX', slot, slot) == 0 then taken = taken + 1 end
end
return taken
`;

// Sends leave 1.5 % further apart than the limit allows, so that sends arriving up to ~15 ms off
// their slots never put 31 into one second (0.985 of the limit at most). Measured with
// bench:notify at 30/s on a busy 2-core machine: 15 429s at 1 %, 4 at 1.5 %, at the same rate
// (29.5/s: the 429s' retries cost what the margin gives back).
const SAFETY_MARGIN = 1.015;

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
    return (this.best.rtt <= this.previous.rtt ? this.best : this.previous).offset;
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
    const [delay, slotAt, redisNow] = (await this.redis.eval(
      RESERVE,
      4,
      this.globalKey(),
      this.chatKey(chatId),
      `${this.globalKey()}:frontier`,
      `${this.globalKey()}:hold`,
      String((1000 / this.limits.globalPerSecond) * SAFETY_MARGIN),
      String(chatIntervalMs(chatId, this.limits) * SAFETY_MARGIN),
      String(maxDelayMs),
    )) as [number, string, string];
    this.clock.sample(Number(redisNow), sentAt, Date.now());
    const at = Number(slotAt);
    const dueAt = at - this.clock.ms;
    return delay < 0
      ? { delayMs: -delay - 1, dueAt, reserved: false, slotAt: at }
      : { delayMs: Math.max(0, dueAt - Date.now()), dueAt, reserved: true, slotAt: at };
  }

  /**
   * How late a send may reach Telegram after its slot without crowding the next second: the
   * spare the safety margin leaves in every second (15 ms at a 1.5 % margin).
   */
  get lateToleranceMs(): number {
    return 1000 * (SAFETY_MARGIN - 1);
  }

  /**
   * A send reserved for `slotAt` left `lateMs` after it. Telegram counts sends in any sliding
   * second: the one second after the late send holds it and the slots that follow it there. At
   * a high rate the schedule's spare (1.5 %) leaves room for it; at a low one (30/s: 29.6 slots a
   * second) it may not, and the last slots of that second are kept empty. Returns how many of
   * them someone had taken already (a 429 may follow).
   */
  async skipAfterLateSend(slotAt: number, lateMs: number): Promise<number> {
    if (lateMs <= 0) return 0;
    const perSecond = this.limits.globalPerSecond;
    const width = (1000 / perSecond) * SAFETY_MARGIN;
    const own = Math.round(slotAt / width);
    // Slots after its own within a second of the late send: from ceil(late / width) on.
    const lastInSecond = Math.floor((lateMs + 1000) / width - 1e-9);
    const inSecond = lastInSecond - Math.ceil(lateMs / width) + 1;
    const excess = inSecond + 1 - perSecond;
    if (excess <= 0) return 0;
    return (await this.redis.eval(
      SKIP,
      1,
      this.globalKey(),
      String(own + lastInSecond - excess + 1),
      String(excess),
    )) as number;
  }

  /** Telegram answered 429 for this chat: nothing goes to it before `retryAfterSeconds`. */
  async holdChat(chatId: number | string, retryAfterSeconds: number): Promise<void> {
    await this.redis.eval(HOLD, 1, this.chatKey(chatId), String(retryAfterSeconds * 1000));
  }

  /** Telegram answered 429 to the bot as a whole: nothing goes anywhere before `retryAfterSeconds`. */
  async holdAll(retryAfterSeconds: number): Promise<void> {
    await this.redis.eval(HOLD, 1, `${this.globalKey()}:hold`, String(retryAfterSeconds * 1000));
  }

  // Slots are numbered in units of the slot width: a schedule kept at another rate (the
  // setting changed between deployments) must not be read with this one's width.
  private globalKey(): string {
    return `${this.prefix}:global:${this.limits.globalPerSecond}`;
  }

  private chatKey(chatId: number | string): string {
    return `${this.prefix}:chat:${chatId}`;
  }
}
