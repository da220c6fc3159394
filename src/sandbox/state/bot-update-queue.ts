import { BotApiError } from '../bot-api/bot-api-error';
import { assertValidUpdate } from '../bot-api/update-validator';
import { ApiUpdate } from '../bot-api/bot-api.types';

export interface PendingUpdate {
  update: ApiUpdate;
  kind: string;
  /** Updates of one chat are delivered in order: one at a time. */
  chatId?: number;
  attempts: number;
  notBefore: number;
  inFlight: boolean;
}

// Without allowed_updates Telegram sends every kind except these three.
const OPT_IN_KINDS = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Poll {
  resolve: () => void;
  reject: (error: BotApiError) => void;
}

/** A bot's updates not yet confirmed: update_id only grows, getUpdates and the webhook both read from here. */
export class BotUpdateQueue {
  readonly pending: PendingUpdate[] = [];
  allowedUpdates: string[] = [];
  private lastUpdateId: number;
  private poll?: Poll;
  private readonly listeners = new Set<() => void>();

  constructor(firstUpdateId: number) {
    this.lastUpdateId = firstUpdateId - 1;
  }

  get lastId(): number {
    return this.lastUpdateId;
  }

  /** A getUpdates call is waiting for updates right now. */
  get isPolling(): boolean {
    return this.poll !== undefined;
  }

  /**
   * Queues an update of `kind` (`message`, `callback_query`…). `updateId` keeps a replayed payload's id,
   * which must still be greater than the last one. Returns undefined when allowed_updates filters it out.
   */
  push(kind: string, payload: unknown, options: { chatId?: number; updateId?: number; raw?: boolean } = {}) {
    if (!this.allows(kind)) return undefined;
    if (options.updateId !== undefined && options.updateId <= this.lastUpdateId) {
      throw new Error(`update_id must be greater than ${this.lastUpdateId}`);
    }
    this.lastUpdateId = options.updateId ?? this.lastUpdateId + 1;
    const update: ApiUpdate = { update_id: this.lastUpdateId, [kind]: payload };
    // What the sandbox makes must be something Telegram could send; replayed payloads may carry extras.
    assertValidUpdate(update, { allowUnknownFields: options.raw === true });
    this.pending.push({ update, kind, chatId: options.chatId, attempts: 0, notBefore: 0, inFlight: false });
    this.poll?.resolve();
    for (const listener of this.listeners) listener();
    return update;
  }

  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  allows(kind: string): boolean {
    return this.allowedUpdates.length === 0 ? !OPT_IN_KINDS.has(kind) : this.allowedUpdates.includes(kind);
  }

  /** getUpdates' offset: every update with a smaller id is confirmed and forgotten. */
  confirmBefore(offset: number): void {
    const keep = this.pending.filter((p) => p.update.update_id >= offset);
    this.pending.splice(0, this.pending.length, ...keep);
  }

  remove(entry: PendingUpdate): void {
    const index = this.pending.indexOf(entry);
    if (index >= 0) this.pending.splice(index, 1);
  }

  dropAll(): void {
    this.pending.splice(0, this.pending.length);
  }

  /** A new getUpdates ends the one still waiting with Telegram's 409 (two instances of one bot). */
  startPolling(): void {
    this.poll?.reject(
      BotApiError.conflict('terminated by other getUpdates request; make sure that only one bot instance is running'),
    );
  }

  /** Waits for an update, up to `timeoutMs`. */
  waitForUpdate(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.poll === poll) this.poll = undefined;
      };
      const poll: Poll = {
        resolve: () => {
          done();
          resolve();
        },
        reject: (error) => {
          done();
          reject(error);
        },
      };
      const onAbort = (): void => poll.resolve();
      const timer = setTimeout(poll.resolve, timeoutMs);
      signal.addEventListener('abort', onAbort);
      this.poll = poll;
    });
  }

  /** Ends a waiting getUpdates (setWebhook was called, or the sandbox stops). */
  interruptPoll(error?: BotApiError): void {
    if (error) this.poll?.reject(error);
    else this.poll?.resolve();
  }
}
