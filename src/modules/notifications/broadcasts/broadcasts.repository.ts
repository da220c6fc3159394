import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { BroadcastStatus, NotificationBroadcast } from './notification-broadcast.entity';

export interface BroadcastCounts {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  cancelled: number;
  /** Sent in the last `windowS` seconds, and the window (for the rate). */
  sentRecently: number;
  windowS: number;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
}

// TypeORM answers an UPDATE ... RETURNING with [rows, count] on PostgreSQL.
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** Broadcasts and the counts of their outbox rows. */
@Injectable()
export class BroadcastsRepository {
  constructor(
    @InjectRepository(NotificationBroadcast) private readonly broadcasts: Repository<NotificationBroadcast>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  create(manager: EntityManager, values: Partial<NotificationBroadcast>): Promise<NotificationBroadcast> {
    const repository = manager.getRepository(NotificationBroadcast);
    return repository.save(repository.create(values));
  }

  async setTotals(manager: EntityManager, id: string, total: number, skipped: number): Promise<void> {
    await manager.getRepository(NotificationBroadcast).update({ id }, { total, skipped });
  }

  getById(organizationId: string, id: string): Promise<NotificationBroadcast | null> {
    return this.broadcasts.findOneBy({ organizationId, id });
  }

  async list(
    organizationId: string,
    page: { limit: number; offset: number },
    createdById?: string,
  ): Promise<[NotificationBroadcast[], number]> {
    return this.broadcasts.findAndCount({
      where: { organizationId, ...(createdById ? { createdById } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** Moves a broadcast from one of `from` to `to`; false when it was in none of them. */
  async transition(id: string, from: BroadcastStatus[], to: BroadcastStatus): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notification_broadcasts
            SET status = $3::text, updated_at = now(),
                finished_at = CASE WHEN $3::text IN ('cancelled', 'finished') THEN now() END
          WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
        [id, from, to],
      ),
    );
    return rows.length > 0;
  }

  /** A cancelled broadcast's rows that were not sent yet are cancelled (their jobs find them so). */
  async cancelOpenRows(id: string): Promise<number> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE telegram_notifications_queue SET status = 'cancelled', locked_until = NULL, updated_at = now()
          WHERE broadcast_id = $1 AND status = 'pending' RETURNING id`,
        [id],
      ),
    );
    return rows.length;
  }

  /** Pending rows of a broadcast (to queue again on resume). */
  async pendingRowIds(id: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM telegram_notifications_queue WHERE broadcast_id = $1 AND status = 'pending' ORDER BY seq`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  async counts(id: string, windowS = 30): Promise<BroadcastCounts> {
    const rows: {
      pending: number;
      sending: number;
      sent: number;
      failed: number;
      cancelled: number;
      recent: number;
      first_sent: Date | null;
      last_sent: Date | null;
    }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'sending')::int AS sending,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE status = 'sent'
                AND sent_at > now() - make_interval(secs => $2::double precision))::int AS recent,
              min(sent_at) AS first_sent, max(sent_at) AS last_sent
         FROM telegram_notifications_queue WHERE broadcast_id = $1`,
      [id, windowS],
    );
    const r = rows[0];
    return {
      pending: r.pending,
      sending: r.sending,
      sent: r.sent,
      failed: r.failed,
      cancelled: r.cancelled,
      sentRecently: r.recent,
      windowS,
      firstSentAt: r.first_sent,
      lastSentAt: r.last_sent,
    };
  }

  /** Broadcasts paused or cancelled in the last day (their rows must not go out). */
  async recentlyStopped(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notification_broadcasts
        WHERE status IN ('paused', 'cancelled') AND updated_at > now() - interval '1 day'`,
    );
    return rows.map((r) => r.id);
  }

  /** Running broadcasts without open rows are finished. */
  async finishDone(): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_broadcasts b SET status = 'finished', finished_at = now(), updated_at = now()
        WHERE b.status = 'running' AND NOT EXISTS (
          SELECT 1 FROM telegram_notifications_queue n
           WHERE n.broadcast_id = b.id AND n.status IN ('pending', 'sending'))`,
    );
  }
}
