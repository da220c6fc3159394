import { BotUpdateQueue, PendingUpdate } from './bot-update-queue';

export interface WebhookState {
  url: string;
  secretToken?: string;
  maxConnections: number;
  ipAddress?: string;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

export interface WebhookTiming {
  /** Telegram waits about 60 s for a webhook's answer. */
  timeoutMs: number;
  /** First retry delay after a failed delivery; doubles on each failure up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_WEBHOOK_TIMING: WebhookTiming = { timeoutMs: 60000, retryBaseMs: 1000, retryMaxMs: 60000 };

/** Runs a webhook answer that is itself a Bot API call (`{"method":"sendMessage",…}`, telegraf's webhookReply). */
export type WebhookAnswerHandler = (response: Response) => Promise<void>;

/**
 * POSTs a bot's pending updates to its webhook, up to max_connections at a time and one at a time
 * per chat (in order). A non-2xx answer, a timeout or a refused connection keeps the update queued,
 * records last_error_date/last_error_message and retries with a growing delay.
 */
export class WebhookDelivery {
  private readonly stopped = new AbortController();
  private retryTimer?: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly queue: BotUpdateQueue,
    private readonly webhook: WebhookState,
    private readonly timing: WebhookTiming,
    private readonly unixTime: () => number,
    private readonly onAnswer: WebhookAnswerHandler,
  ) {
    this.unsubscribe = queue.onPush(() => this.pump());
    this.pump();
  }

  stop(): void {
    this.unsubscribe();
    clearTimeout(this.retryTimer);
    this.stopped.abort();
    for (const entry of this.queue.pending) entry.inFlight = false;
  }

  private pump(): void {
    if (this.stopped.signal.aborted) return;
    const busyChats = new Set<number>();
    let inFlight = this.queue.pending.filter((p) => p.inFlight).length;
    let nextRetry = Infinity;
    const now = Date.now();
    for (const entry of [...this.queue.pending]) {
      const chatBusy = entry.chatId !== undefined && busyChats.has(entry.chatId);
      if (entry.chatId !== undefined) busyChats.add(entry.chatId);
      if (entry.inFlight || chatBusy) continue;
      if (entry.notBefore > now) {
        nextRetry = Math.min(nextRetry, entry.notBefore);
        continue;
      }
      if (inFlight >= this.webhook.maxConnections) break;
      inFlight += 1;
      void this.deliver(entry);
    }
    if (nextRetry !== Infinity) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.pump(), nextRetry - now);
    }
  }

  private async deliver(entry: PendingUpdate): Promise<void> {
    entry.inFlight = true;
    entry.attempts += 1;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.webhook.secretToken) headers['x-telegram-bot-api-secret-token'] = this.webhook.secretToken;
    let failure: string | undefined;
    try {
      const response = await fetch(this.webhook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(entry.update),
        signal: AbortSignal.any([this.stopped.signal, AbortSignal.timeout(this.timing.timeoutMs)]),
      });
      if (response.status >= 200 && response.status < 300) {
        this.queue.remove(entry);
        await this.onAnswer(response).catch(() => undefined);
      } else {
        failure = `Wrong response from the webhook: ${response.status} ${response.statusText}`.trim();
        await response.body?.cancel().catch(() => undefined);
      }
    } catch (error) {
      failure = describeFetchError(error);
    }
    if (this.stopped.signal.aborted) return;
    entry.inFlight = false;
    if (failure !== undefined) {
      this.webhook.lastErrorDate = this.unixTime();
      this.webhook.lastErrorMessage = failure;
      const delay = Math.min(this.timing.retryMaxMs, this.timing.retryBaseMs * 2 ** (entry.attempts - 1));
      entry.notBefore = Date.now() + delay;
    }
    this.pump();
  }
}

// The texts getWebhookInfo shows for Telegram's usual delivery failures.
function describeFetchError(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'Read timeout expired';
  const code = (error as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'Connection reset by peer';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Failed to resolve host: Name or service not known';
  return `Connection failed: ${(error as Error).message}`;
}
