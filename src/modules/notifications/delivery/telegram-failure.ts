/** What a failed send means for the row. */
export type SendFailure =
  /** 429: this chat (or the bot) must wait `retryAfterS`; not the row's fault, not counted as an attempt. */
  | { kind: 'rate_limited'; retryAfterS: number; description: string }
  /** Telegram will never deliver to this chat (blocked, deactivated, kicked, not found): fail, disable the link. */
  | { kind: 'chat_unreachable'; description: string }
  /** Telegram refused this message (bad HTML, too long): fail it, keep the link. */
  | { kind: 'rejected'; description: string }
  /** 5xx, network, timeout: retry with backoff. */
  | { kind: 'transient'; description: string };

interface TelegramErrorLike {
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
  name?: string;
  code?: string;
  message?: string;
}

// 400s that are about the chat rather than the message.
const CHAT_GONE =
  /chat not found|user not found|user is deactivated|peer_id_invalid|bot was kicked|not a member|upgraded to a supergroup|have no rights to send/i;

/** A refusal's description says the chat is gone for good (blocked, deactivated, kicked, not found). */
export function chatGone(description: string): boolean {
  return /^forbidden/i.test(description) || CHAT_GONE.test(description);
}

/** Sorts a failed Bot API call (a telegraf TelegramError, a network error, a timeout). */
export function classifySendFailure(error: unknown): SendFailure {
  const e = (error ?? {}) as TelegramErrorLike;
  const response = e.response;
  if (response?.error_code !== undefined) {
    const description = response.description ?? `Telegram error ${response.error_code}`;
    const code = response.error_code;
    if (code === 429) {
      return {
        kind: 'rate_limited',
        retryAfterS: Math.max(1, Number(response.parameters?.retry_after ?? 1)),
        description,
      };
    }
    if (code === 403) return { kind: 'chat_unreachable', description };
    if (code === 400)
      return CHAT_GONE.test(description)
        ? { kind: 'chat_unreachable', description }
        : { kind: 'rejected', description };
    if (code === 401 || code === 404) return { kind: 'transient', description: `${description} (check the bot token)` };
    return { kind: 'transient', description };
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError')
    return { kind: 'transient', description: 'Telegram did not answer in time' };
  return { kind: 'transient', description: `Network error: ${e.code ?? e.message ?? String(error)}` };
}
