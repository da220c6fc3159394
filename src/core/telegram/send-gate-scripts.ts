import { RedisScript } from './redis-script';

// The departure gate of the bot-wide limit (see TelegramRateLimiter.sendInSlot). Keys, under the
// schedule's own prefix:
//   KEYS[1] flight  sorted set: sends that left and have no answer yet (member = slot, score =
//                   when it left, Redis ms)
//   KEYS[2] ended   sorted set: sends answered within the last second (score = when it ended)
//   KEYS[3] chat    hash of the send's chat: when its last send left (dep) and was answered (end)
//
// Telegram counts a send somewhere between its departure and its answer. A send may leave only
// while fewer than `limit` others are in flight or were answered within the last second: take
// any limit + 1 sends, and the last of them to leave found one of the others answered more than
// a second before, so the two reached Telegram more than a second apart. No sliding second ever
// holds more than the limit, whatever the delays on the way, and nothing waits for longer than
// the limit needs (a late or slow send holds back nobody but the sends that would crowd it).
// Per chat the same holds one send at a time: a send leaves only once the chat's previous send
// was answered at least the chat's interval ago (1 s, or 3 s for a group: 20 a minute), so two
// sends to one chat reach Telegram at least that far apart.

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
`;

/**
 * GATE(slot, limit, presumeMs, chatIntervalMs) -> {code, ms}
 *   code 0: go now (the departure is recorded);
 *   code -1: a limit is reached: ask again after ms.
 * A send in flight longer than presumeMs (its sender died, or the connection hangs) is presumed
 * answered then.
 */
export const GATE = new RedisScript(`${NOW}
local limit = tonumber(ARGV[2])
local presume = tonumber(ARGV[3])
local interval = tonumber(ARGV[4])
local dep = tonumber(redis.call('HGET', KEYS[3], 'dep') or '0')
local ended = tonumber(redis.call('HGET', KEYS[3], 'end') or '0')
local last = ended
if dep > ended then
  if now < dep + presume then return {-1, '2'} end
  last = dep + presume
end
if now < last + interval then return {-1, tostring(last + interval - now)} end
local stuck = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - presume)
for _, s in ipairs(stuck) do
  redis.call('ZREM', KEYS[1], s)
  redis.call('ZADD', KEYS[2], now, s)
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 1000)
local flying = redis.call('ZCARD', KEYS[1])
local recent = redis.call('ZCARD', KEYS[2])
if flying + recent < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], 60000)
  redis.call('HSET', KEYS[3], 'dep', tostring(now))
  redis.call('PEXPIRE', KEYS[3], interval + 60000)
  return {0, '0'}
end
if flying >= limit then return {-1, '2'} end
-- The (flying + recent - limit + 1)-th oldest answer leaves the last second at ...
local oldest = redis.call('ZRANGE', KEYS[2], flying + recent - limit, flying + recent - limit, 'WITHSCORES')
return {-1, tostring(math.max(1, tonumber(oldest[2]) + 1000 - now))}
`);

/**
 * SETTLE(slot, answeredAt): the send of this slot was answered (or failed) at answeredAt, the
 * sender's reading of Redis's clock (never later than now).
 */
export const SETTLE = new RedisScript(`${NOW}
local e = math.min(now, tonumber(ARGV[2]))
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], e, ARGV[1])
redis.call('PEXPIRE', KEYS[2], 60000)
redis.call('HSET', KEYS[3], 'end', tostring(e))
return 1
`);
