import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import { Telegram } from 'telegraf';
import { RATE_LIMITED_METHODS } from './telegram-limits';
import { TelegramRateLimiter } from './telegram-rate-limiter';
import { sleep } from '../timing/sleep';

export interface PacingOptions {
  /** 429 answers retried (after their retry_after) before the call fails. */
  maxRateLimitRetries?: number;
  onCall?: (method: string, outcome: 'ok' | 'error' | 'rate_limited', ms: number) => void;
}

interface TelegramErrorLike {
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
}

export function retryAfterOf(error: unknown): number | undefined {
  const response = (error as TelegramErrorLike | undefined)?.response;
  if (response?.error_code !== 429) return undefined;
  return Math.max(1, Number(response.parameters?.retry_after ?? 1));
}

function chatOf(payload: unknown): number | string | undefined {
  const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  return typeof chatId === 'number' || typeof chatId === 'string' ? chatId : undefined;
}

// Set while a caller that reserved its own slot (the notification worker) makes its call.
const ownSlot = new AsyncLocalStorage<true>();

/**
 * Runs `call` (one Bot API call on a paced client) in a slot the caller already reserved with
 * `TelegramRateLimiter.reserve`: the call takes no second slot, and a 429 holds the chat (or
 * the bot) and is thrown to the caller instead of being waited out here, so a queue worker can
 * put the job back for `retry_after` rather than hold its concurrency slot.
 */
export function callInReservedSlot<T>(call: () => Promise<T>): Promise<T> {
  return ownSlot.run(true, call);
}

/**
 * Makes every call of this telegraf `Telegram` client (bot replies, notifications, admin
 * calls) wait for its slot in the shared schedule, and on a 429 hold the chat for
 * `retry_after` and try again instead of failing: a burst of replies arrives paced, with
 * no 429 storm.
 */
export function paceTelegram(telegram: Telegram, limiter: TelegramRateLimiter, options: PacingOptions = {}): Telegram {
  const logger = new Logger('TelegramPacing');
  const maxRetries = options.maxRateLimitRetries ?? 5;
  const callApi = telegram.callApi.bind(telegram) as (
    method: string,
    payload: unknown,
    extra?: unknown,
  ) => Promise<unknown>;

  const paced = async (method: string, payload: unknown, extra?: unknown): Promise<unknown> => {
    const chatId = chatOf(payload);
    const reserved = ownSlot.getStore() === true;
    // The chat whose slot this call takes, when Telegram counts it and no slot was reserved yet.
    const pacedChat = RATE_LIMITED_METHODS.has(method) && !reserved ? chatId : undefined;
    for (let attempt = 0; ; attempt++) {
      let started = Date.now();
      const timed = (): Promise<unknown> => {
        started = Date.now();
        return callApi(method, payload, extra);
      };
      try {
        const result =
          pacedChat !== undefined ? await limiter.sendInSlot(await limiter.reserve(pacedChat), timed) : await timed();
        options.onCall?.(method, 'ok', Date.now() - started);
        return result;
      } catch (error) {
        const retryAfter = retryAfterOf(error);
        if (retryAfter === undefined) {
          options.onCall?.(method, 'error', Date.now() - started);
          throw error;
        }
        options.onCall?.(method, 'rate_limited', Date.now() - started);
        if (chatId !== undefined) await limiter.holdChat(chatId, retryAfter);
        else await limiter.holdAll(retryAfter);
        if (reserved || attempt >= maxRetries) throw error;
        logger.warn(`Telegram asked to wait ${retryAfter} s before ${method} to chat ${chatId ?? '(bot)'}; retrying`);
        if (pacedChat === undefined) await sleep(retryAfter * 1000);
      }
    }
  };
  (telegram as unknown as { callApi: typeof paced }).callApi = paced;
  return telegram;
}
