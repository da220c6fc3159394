import type { ApiErrorBody } from '../state/call-log';

/** A Bot API error as Telegram answers it: `{ ok: false, error_code, description, parameters? }`. */
export class BotApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ApiErrorBody['parameters'],
  ) {
    super(description);
  }

  static badRequest(text: string): BotApiError {
    return new BotApiError(400, `Bad Request: ${text}`);
  }

  static forbidden(text: string): BotApiError {
    return new BotApiError(403, `Forbidden: ${text}`);
  }

  static conflict(text: string): BotApiError {
    return new BotApiError(409, `Conflict: ${text}`);
  }

  static tooManyRequests(retryAfter: number): BotApiError {
    return new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }

  /** A method or parameter Telegram has but the sandbox does not emulate: a failing call, never a silent ok. */
  static notEmulated(what: string): BotApiError {
    return new BotApiError(501, `Not Implemented: the sandbox does not emulate ${what}`);
  }

  toBody(): ApiErrorBody {
    return {
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const CHAT_NOT_FOUND = 'chat not found';
