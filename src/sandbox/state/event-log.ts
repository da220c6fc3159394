export type SandboxEventType =
  | 'bot.created'
  | 'user.created'
  | 'chat.updated'
  | 'message.new'
  | 'message.edited'
  | 'message.deleted'
  | 'callback.answered'
  | 'chat.action'
  | 'commands.changed'
  | 'call'
  | 'violation';

export interface SandboxEvent {
  seq: number;
  type: SandboxEventType;
  time: number;
  chatKey?: string;
  [key: string]: unknown;
}

type Listener = (event: SandboxEvent) => void;

/**
 * Everything that happened, in order, for the page (SSE) and the test client (long polling).
 * Bounded: a benchmark sends hundreds of messages a second.
 */
export class EventLog {
  private readonly events: SandboxEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly capacity = 20000,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  push(type: SandboxEventType, data: Record<string, unknown> = {}): SandboxEvent {
    this.seq += 1;
    const event: SandboxEvent = { ...data, seq: this.seq, type, time: this.now() };
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  since(seq: number, limit = 1000): SandboxEvent[] {
    const first = this.events.findIndex((event) => event.seq > seq);
    return first === -1 ? [] : this.events.slice(first, first + limit);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `seq`, waiting up to `timeoutMs` for the first one. */
  wait(seq: number, timeoutMs: number, signal?: AbortSignal): Promise<SandboxEvent[]> {
    const ready = this.since(seq);
    if (ready.length > 0 || timeoutMs <= 0) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', finish);
        resolve(this.since(seq));
      };
      const timer = setTimeout(finish, timeoutMs);
      const unsubscribe = this.subscribe(finish);
      signal?.addEventListener('abort', finish);
    });
  }
}
