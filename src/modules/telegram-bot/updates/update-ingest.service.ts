import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../../core/metrics/metrics.service';
import { UpdateInboxRepository } from './update-inbox.repository';
import { RawUpdate } from './update-key.util';

export const UPDATES_CHANNEL = 'telegram_updates';

/** Commits accepted updates to the inbox and wakes the workers (webhook and polling both land here). */
@Injectable()
export class UpdateIngestService {
  private readonly received: Counter<'source' | 'result'>;

  constructor(
    private readonly inbox: UpdateInboxRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: MetricsService,
  ) {
    this.received = new Counter({
      name: 'telegram_updates_received_total',
      help: 'Telegram updates received, by result (new or duplicate)',
      labelNames: ['source', 'result'] as const,
      registers: [metrics.registry],
    });
  }

  /** Resolves once the updates are durably stored; a duplicate update_id is ignored. */
  async accept(updates: RawUpdate[], source: 'webhook' | 'polling' = 'webhook'): Promise<number> {
    const stored = await this.inbox.insertMany(updates);
    this.received.labels(source, 'new').inc(stored);
    if (updates.length > stored) this.received.labels(source, 'duplicate').inc(updates.length - stored);
    // Wake the workers at once (they also poll, so a lost notification only delays).
    if (stored > 0) await this.dataSource.query(`NOTIFY ${UPDATES_CHANNEL}`).catch(() => undefined);
    return stored;
  }
}
