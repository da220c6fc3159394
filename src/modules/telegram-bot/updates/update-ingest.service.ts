import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../../core/metrics/metrics.service';
import { UpdateInboxRepository } from './update-inbox.repository';
import { RawUpdate } from './update-key.util';

interface Waiting {
  updates: RawUpdate[];
  /** The JSON text of each update as received, stored as it is (else serialized). */
  payloads?: string[];
  resolve: (stored: number) => void;
  reject: (error: unknown) => void;
}

// One insert at a time: the requests that arrive meanwhile form the next batch. Another starts
// at once only for a full batch, or once the insert in flight has run STALLED_MS (its commit is
// waiting on the disk, or a busy core delayed it): so a second insert overlaps the first's
// commit instead of splitting every batch in two. Measured (bench:webhook, 2 cores): 1 at a time
// beat 2 or 4 at once; a second after 10 ms beat both (docs/performance.md).
const MAX_CONCURRENT_FLUSHES = 4;
const STALLED_MS = 10;
const MAX_BATCH = 500;

/**
 * Commits accepted updates to the inbox (webhook and polling both land here). Concurrent
 * requests share one multi-row INSERT and one commit: alone, a request is written at once;
 * under load, the requests that arrive while the insert runs form the next batch.
 */
@Injectable()
export class UpdateIngestService {
  private readonly logger = new Logger(UpdateIngestService.name);
  private readonly counters: Record<'webhook' | 'polling', Record<'new' | 'duplicate', Counter.Internal>>;
  private readonly waiting: Waiting[] = [];
  private waitingUpdates = 0;
  private lastStart = 0;
  private stallTimer?: NodeJS.Timeout;
  private flushing = 0;

  constructor(
    private readonly inbox: UpdateInboxRepository,
    metrics: MetricsService,
  ) {
    const received = new Counter({
      name: 'telegram_updates_received_total',
      help: 'Telegram updates received, by source and result (new or duplicate)',
      labelNames: ['source', 'result'] as const,
      registers: [metrics.registry],
    });
    // Looked up once: labels() per request showed in the webhook's profile.
    const bySource = (source: string) => ({
      new: received.labels(source, 'new'),
      duplicate: received.labels(source, 'duplicate'),
    });
    this.counters = { webhook: bySource('webhook'), polling: bySource('polling') };
  }

  /**
   * Resolves once the updates are durably stored; a duplicate update_id is ignored. `payloads`:
   * the JSON text each update was parsed from, stored as received (no re-serializing).
   */
  async accept(updates: RawUpdate[], source: 'webhook' | 'polling' = 'webhook', payloads?: string[]): Promise<number> {
    const stored = await new Promise<number>((resolve, reject) => {
      this.waiting.push({ updates, payloads, resolve, reject });
      this.waitingUpdates += updates.length;
      this.flush();
    });
    const counters = this.counters[source];
    counters.new.inc(stored);
    if (updates.length > stored) counters.duplicate.inc(updates.length - stored);
    return stored;
  }

  private flush(): void {
    if (this.waiting.length === 0 || this.flushing >= MAX_CONCURRENT_FLUSHES) return;
    if (this.flushing > 0 && this.waitingUpdates < MAX_BATCH) {
      const wait = STALLED_MS - (performance.now() - this.lastStart);
      if (wait > 0) {
        this.stallTimer ??= setTimeout(() => {
          this.stallTimer = undefined;
          this.flush();
        }, wait);
        return;
      }
    }
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.lastStart = performance.now();
    const batch: Waiting[] = [];
    let size = 0;
    while (this.waiting.length > 0 && size < MAX_BATCH) {
      const next = this.waiting.shift() as Waiting;
      batch.push(next);
      size += next.updates.length;
    }
    this.waitingUpdates -= size;
    this.flushing++;
    void this.write(batch).finally(() => {
      this.flushing--;
      this.flush();
    });
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      const stored = await this.inbox.insertMany(
        batch.flatMap((w) => w.updates),
        batch.flatMap((w) => w.payloads ?? w.updates.map((update) => JSON.stringify(update))),
      );
      // Which caller's rows were new is not known per row; duplicates are rare (redelivery).
      let left = stored;
      for (const waiting of batch) {
        const mine = Math.min(left, waiting.updates.length);
        left -= mine;
        waiting.resolve(mine);
      }
    } catch (error) {
      if (batch.length === 1 || !isDataError(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // One bad payload (e.g. a \u0000 jsonb refuses) must not fail its neighbours.
      this.logger.warn(
        `A batch of ${batch.length} updates failed (${(error as Error).message}); writing them one by one`,
      );
      await Promise.all(batch.map((waiting) => this.write([waiting])));
    }
  }
}

/** PostgreSQL class 22 (data exception): the data is at fault, not the connection. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('22');
}
