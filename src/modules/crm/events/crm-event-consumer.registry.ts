import { Injectable } from '@nestjs/common';
import { CrmEventMessage, CrmEventType } from './crm-event.types';

export interface CrmEventConsumerDefinition {
  /** Stable name: progress is stored under it, so renaming a consumer starts it afresh. */
  name: string;
  /** Called at least once per event; throw to have the event retried with backoff. Must be idempotent. */
  handle(event: CrmEventMessage): Promise<void>;
  /** Only these event types (default: all). */
  types?: readonly CrmEventType[];
  /**
   * Where a consumer never seen before starts: `now` (default; history is not replayed, e.g.
   * old notifications are not sent) or `beginning` (every stored event).
   */
  startFrom?: 'now' | 'beginning';
  /** After this many failures the delivery is marked failed and later events of the aggregate go on. Default 20. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1 = first retry). Default 1 s doubling up to 10 min. */
  retryDelayMs?: (attempt: number) => number;
  /** A call that takes longer counts as failed. Default 30 s. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 20;
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(attempt - 1, 0), 10 * 60_000);
}

/**
 * Where modules register what reacts to CRM events (notifications, crm-sync, realtime).
 * Register in `onModuleInit`; the dispatcher of the worker role delivers to every registered consumer.
 */
@Injectable()
export class CrmEventConsumerRegistry {
  private readonly consumers = new Map<string, CrmEventConsumerDefinition>();

  register(consumer: CrmEventConsumerDefinition): void {
    if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(consumer.name)) {
      throw new Error(`Consumer name "${consumer.name}" must be 1-100 of a-z 0-9 . _ -`);
    }
    if (this.consumers.has(consumer.name)) throw new Error(`Consumer ${consumer.name} is already registered`);
    this.consumers.set(consumer.name, consumer);
  }

  unregister(name: string): void {
    this.consumers.delete(name);
  }

  list(): CrmEventConsumerDefinition[] {
    return [...this.consumers.values()];
  }
}
