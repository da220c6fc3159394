import { classifySendFailure } from './telegram-failure';

const telegram = (error_code: number, description: string, retry_after?: number): unknown => ({
  response: { ok: false, error_code, description, parameters: retry_after ? { retry_after } : undefined },
});

describe('classifySendFailure', () => {
  it('treats a blocked, deactivated or missing chat as unreachable for good', () => {
    expect(classifySendFailure(telegram(403, 'Forbidden: bot was blocked by the user')).kind).toBe('chat_unreachable');
    expect(classifySendFailure(telegram(403, 'Forbidden: user is deactivated')).kind).toBe('chat_unreachable');
    expect(classifySendFailure(telegram(400, 'Bad Request: chat not found')).kind).toBe('chat_unreachable');
  });

  it('fails a message Telegram refuses without blaming the chat', () => {
    expect(classifySendFailure(telegram(400, "Bad Request: can't parse entities: Unsupported start tag")).kind).toBe(
      'rejected',
    );
  });

  it('waits retry_after on a 429, and retries 5xx, network errors and timeouts', () => {
    expect(classifySendFailure(telegram(429, 'Too Many Requests: retry after 7', 7))).toEqual({
      kind: 'rate_limited',
      retryAfterS: 7,
      description: 'Too Many Requests: retry after 7',
    });
    expect(classifySendFailure(telegram(502, 'Bad Gateway')).kind).toBe('transient');
    expect(classifySendFailure({ name: 'FetchError', code: 'ECONNRESET', message: 'socket hang up' })).toEqual({
      kind: 'transient',
      description: 'Network error: ECONNRESET',
    });
    expect(classifySendFailure({ name: 'AbortError' }).kind).toBe('transient');
  });
});
