import type { RecordedCall } from '../../src/sandbox/state/call-log';

/** What the sandbox saw of a run's sends. */
export interface SendStats {
  ok: number;
  rateLimited: number;
  otherErrors: number;
  /** Sends per second from the first send to the last of `bulkChats`, all sends in that window counted. */
  ratePerSecond: number;
  windowMs: number;
  /** Most sends to one private chat within any 1 s. */
  maxPerChatSecond: number;
  /** Most sends to one group within any 60 s. */
  maxPerGroupMinute: number;
  /** Most sends of the bot within any 1 s. */
  maxPerSecond: number;
  firstAt: number;
  lastAt: number;
}

/** The largest number of `times` (sorted) within any window of `windowMs`. */
export function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export function sendStats(calls: RecordedCall[], bulkChats: Set<number>): SendStats {
  const sends = calls.filter((c) => c.method.toLowerCase() === 'sendmessage');
  const ok = sends.filter((c) => c.ok).sort((a, b) => a.time - b.time);
  const times = ok.map((c) => c.time);
  const firstAt = times[0] ?? 0;
  const lastBulk = ok.filter((c) => bulkChats.has(Number(c.params.chat_id))).at(-1)?.time ?? firstAt;
  const inWindow = times.filter((t) => t <= lastBulk).length;
  const windowMs = lastBulk - firstAt;
  const byChat = new Map<number, number[]>();
  for (const call of ok) {
    const chat = Number(call.params.chat_id);
    byChat.set(chat, [...(byChat.get(chat) ?? []), call.time]);
  }
  let maxPerChatSecond = 0;
  let maxPerGroupMinute = 0;
  for (const [chat, chatTimes] of byChat) {
    if (chat > 0) maxPerChatSecond = Math.max(maxPerChatSecond, maxInWindow(chatTimes, 1000));
    else maxPerGroupMinute = Math.max(maxPerGroupMinute, maxInWindow(chatTimes, 60_000));
  }
  return {
    ok: ok.length,
    rateLimited: sends.filter((c) => !c.ok && c.error?.error_code === 429).length,
    otherErrors: sends.filter((c) => !c.ok && c.error?.error_code !== 429).length,
    ratePerSecond: windowMs > 0 ? ((inWindow - 1) / windowMs) * 1000 : 0,
    windowMs,
    maxPerChatSecond,
    maxPerGroupMinute,
    maxPerSecond: maxInWindow(times, 1000),
    firstAt,
    lastAt: times.at(-1) ?? 0,
  };
}
