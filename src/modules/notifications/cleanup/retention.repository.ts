import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The deletes of the cleanup job, one bounded batch per call: each is its own short statement,
 * so no table is locked for long and the sends going on meanwhile are not held up.
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Deletes up to `limit` notifications that ended (sent, failed, cancelled) before `cutoff`.
   * Rows of a broadcast that is still running or paused stay: its progress is counted from them.
   */
  deleteEndedNotifications(cutoff: Date, limit: number): Promise<number> {
    return this.count(
      `WITH doomed AS (
         SELECT n.id FROM telegram_notifications_queue n
          WHERE n.status IN ('sent', 'failed', 'cancelled') AND n.updated_at < $1
            AND (n.broadcast_id IS NULL OR EXISTS (
                  SELECT 1 FROM notification_broadcasts b
                   WHERE b.id = n.broadcast_id AND b.status IN ('finished', 'cancelled')))
          LIMIT $2
       ), gone AS (
         DELETE FROM telegram_notifications_queue q USING doomed WHERE q.id = doomed.id RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [cutoff, limit],
    );
  }

  /** Deletes up to `limit` broadcasts that ended before `cutoff` and have no rows left. */
  deleteEndedBroadcasts(cutoff: Date, limit: number): Promise<number> {
    return this.count(
      `WITH doomed AS (
         SELECT b.id FROM notification_broadcasts b
          WHERE b.status IN ('finished', 'cancelled') AND b.finished_at < $1
            AND NOT EXISTS (SELECT 1 FROM telegram_notifications_queue n WHERE n.broadcast_id = b.id)
          LIMIT $2
       ), gone AS (
         DELETE FROM notification_broadcasts q USING doomed WHERE q.id = doomed.id RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [cutoff, limit],
    );
  }

  /**
   * Deletes up to `limit` Telegram updates handled (or skipped, from a banned sender) before
   * `cutoff`. `telegram_updates` is the bot's inbox; failed and unhandled ones stay. Only a
   * statement reaches it: the telegram-bot module's entity is its own.
   */
  deleteHandledUpdates(cutoff: Date, limit: number): Promise<number> {
    return this.count(
      `WITH doomed AS (
         SELECT update_id FROM telegram_updates
          WHERE status IN ('handled', 'skipped') AND received_at < $1 AND (handled_at IS NULL OR handled_at < $1)
          LIMIT $2
       ), gone AS (
         DELETE FROM telegram_updates u USING doomed WHERE u.update_id = doomed.update_id RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [cutoff, limit],
    );
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(sql, params);
    return rows[0]?.n ?? 0;
  }
}
