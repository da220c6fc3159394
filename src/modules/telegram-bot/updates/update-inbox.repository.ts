import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/returned-rows.util';
import { chatOfUpdate, RawUpdate, senderOfUpdate, updateTypeOf } from './update-key.util';

/** The channel workers LISTEN on; every insert notifies it. */
export const UPDATES_CHANNEL = 'telegram_updates';

export interface ClaimedUpdate {
  updateId: string;
  chatKey: string;
  attempts: number;
  payload: RawUpdate;
}

export interface UpdateRow {
  updateId: string;
  chatKey: string;
  chatId: string | null;
  updateType: string;
  status: string;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  handledAt: Date | null;
}

/** Queries of the update inbox (`telegram_updates`). */
@Injectable()
export class UpdateInboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores updates and wakes the workers in one statement (so one commit); a redelivered
   * `update_id` changes nothing. `payloads[i]` is the JSON text of `updates[i]`. Returns how
   * many were new.
   */
  async insertMany(updates: RawUpdate[], payloads: string[] = updates.map((u) => JSON.stringify(u))): Promise<number> {
    if (updates.length === 0) return 0;
    const values: unknown[] = [];
    const rows = updates.map((update, i) => {
      const { chatKey, chatId } = chatOfUpdate(update);
      values.push(update.update_id, chatKey, chatId, senderOfUpdate(update), updateTypeOf(update), payloads[i]);
      const p = i * 6;
      return `($${p + 1}::bigint, $${p + 2}, $${p + 3}::bigint, $${p + 4}::bigint, $${p + 5}, $${p + 6}::jsonb)`;
    });
    // Updates from a banned user or chat are kept (for the record) but never handled. Sent on
    // TypeORM's pool directly: this runs hundreds of times a second under the webhook's load.
    const { rows: result } = await this.pool().query<{ stored: number }>(
      `WITH stored AS (
         INSERT INTO telegram_updates (update_id, chat_key, chat_id, update_type, payload, status)
         SELECT v.update_id, v.chat_key, v.chat_id, v.update_type, v.payload,
                CASE WHEN EXISTS (SELECT 1 FROM telegram_blocked_users b WHERE b.telegram_id IN (v.chat_id, v.sender_id))
                     THEN 'skipped' ELSE 'pending' END
           FROM (VALUES ${rows.join(', ')}) AS v(update_id, chat_key, chat_id, sender_id, update_type, payload)
         ON CONFLICT (update_id) DO NOTHING RETURNING update_id
       )
       SELECT count(*)::int AS stored, pg_notify('${UPDATES_CHANNEL}', '') AS woke FROM stored`,
      values,
    );
    return result[0]?.stored ?? 0;
  }

  /** The pg pool under the DataSource (its PostgreSQL driver's master pool). */
  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * Claims up to `limit` updates that are each the oldest unhandled one of their chat, so a
   * chat's updates run one at a time in order while other chats proceed. A claim whose
   * worker died (lock expired) is claimed again.
   */
  async claimHeads(limit: number, lockMs: number): Promise<ClaimedUpdate[]> {
    const rows = returnedRows<{ update_id: string; chat_key: string; attempts: number; payload: RawUpdate }>(
      await this.dataSource.query(
        `UPDATE telegram_updates u
            SET status = 'processing', attempts = u.attempts + 1,
                locked_until = now() + ($2 || ' milliseconds')::interval
          WHERE u.update_id IN (
            SELECT h.update_id FROM (
              SELECT DISTINCT ON (chat_key) update_id, status, next_attempt_at, locked_until
                FROM telegram_updates
               WHERE status IN ('pending', 'processing')
               ORDER BY chat_key, update_id
            ) h
            WHERE (h.status = 'pending' AND h.next_attempt_at <= now())
               OR (h.status = 'processing' AND h.locked_until < now())
            ORDER BY h.update_id
            LIMIT $1
          )
          AND (u.status = 'pending' OR u.locked_until < now())
          RETURNING u.update_id, u.chat_key, u.attempts, u.payload`,
        [limit, String(lockMs)],
      ),
    );
    return rows
      .map((r) => ({ updateId: r.update_id, chatKey: r.chat_key, attempts: r.attempts, payload: r.payload }))
      .sort((a, b) => Number(BigInt(a.updateId) - BigInt(b.updateId)));
  }

  async markHandled(updateId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE telegram_updates SET status = 'handled', handled_at = now(), locked_until = NULL, last_error = NULL
        WHERE update_id = $1`,
      [updateId],
    );
  }

  /** A failed attempt: try again after `retryInMs`, or park as `failed` (retryInMs null). */
  async markFailed(updateId: string, error: string, retryInMs: number | null): Promise<void> {
    await this.dataSource.query(
      retryInMs === null
        ? `UPDATE telegram_updates SET status = 'failed', last_error = $2, locked_until = NULL, handled_at = now()
            WHERE update_id = $1`
        : `UPDATE telegram_updates SET status = 'pending', last_error = $2, locked_until = NULL,
                  next_attempt_at = now() + ($3 || ' milliseconds')::interval
            WHERE update_id = $1`,
      retryInMs === null ? [updateId, error] : [updateId, error, String(retryInMs)],
    );
  }

  /** Puts a failed update back in line for another round of attempts. */
  async requeue(updateId: string): Promise<boolean> {
    const rows = returnedRows(
      await this.dataSource.query(
        `UPDATE telegram_updates SET status = 'pending', attempts = 0, next_attempt_at = now(), handled_at = NULL
          WHERE update_id = $1 AND status = 'failed' RETURNING update_id`,
        [updateId],
      ),
    );
    return rows.length > 0;
  }

  async list(
    status: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ items: UpdateRow[]; total: number }> {
    const where = status ? 'WHERE status = $3' : '';
    const params: unknown[] = status ? [limit, offset, status] : [limit, offset];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT update_id, chat_key, chat_id, update_type, status, attempts, last_error, received_at, handled_at,
              count(*) OVER () AS total
         FROM telegram_updates ${where} ORDER BY update_id DESC LIMIT $1 OFFSET $2`,
      params,
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        updateId: String(r.update_id),
        chatKey: String(r.chat_key),
        chatId: r.chat_id === null ? null : String(r.chat_id),
        updateType: String(r.update_type),
        status: String(r.status),
        attempts: Number(r.attempts),
        lastError: (r.last_error as string | null) ?? null,
        receivedAt: r.received_at as Date,
        handledAt: (r.handled_at as Date | null) ?? null,
      })),
    };
  }
}
