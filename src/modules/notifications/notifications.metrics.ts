import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../core/metrics/metrics.service';

/** Prometheus figures of the notifications (SPEC §14: by status, send rate, 429s). */
@Injectable()
export class NotificationsMetrics {
  readonly sent: Counter;
  readonly failed: Counter<'reason'>;
  readonly retried: Counter;
  readonly rateLimited: Counter;
  readonly skipped: Counter<'reason'>;

  constructor(metrics: MetricsService, @InjectDataSource() dataSource: DataSource) {
    const registers = [metrics.registry];
    this.sent = new Counter({
      name: 'notifications_sent_total',
      help: 'Notifications Telegram accepted (rate(...) is the send rate)',
      registers,
    });
    this.failed = new Counter({
      name: 'notifications_failed_total',
      help: 'Notifications given up: chat_unreachable (blocked, not found), rejected (by Telegram), transient (retries exhausted)',
      labelNames: ['reason'] as const,
      registers,
    });
    this.retried = new Counter({
      name: 'notifications_retried_total',
      help: 'Sends retried after a transient failure (5xx, network, timeout)',
      registers,
    });
    this.rateLimited = new Counter({
      name: 'notifications_rate_limited_total',
      help: 'Sends Telegram answered with 429 (the row waits retry_after)',
      registers,
    });
    this.skipped = new Counter({
      name: 'notifications_skipped_total',
      help: 'Recipients without an enabled Telegram link, skipped when notifications were written',
      labelNames: ['reason'] as const,
      registers,
    });
    new Gauge({
      name: 'notifications_open',
      help: 'Outbox rows not finished yet, by status (pending, sending)',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        const rows: { status: string; n: number }[] = await dataSource
          .query(
            `SELECT status, count(*)::int AS n FROM telegram_notifications_queue
              WHERE status IN ('pending', 'sending') GROUP BY status`,
          )
          .catch(() => []);
        this.reset();
        for (const status of ['pending', 'sending'])
          this.labels(status).set(rows.find((r) => r.status === status)?.n ?? 0);
      },
    });
  }
}
