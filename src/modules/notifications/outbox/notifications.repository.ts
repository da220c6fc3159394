import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationStatus, RecipientType } from '../notifications.constants';
import { StatementBatcher } from './statement-batcher';

/** A row to write; the outbox fills in status, attempts and times. */
export interface NewNotification {
  organizationId: string;
  recipientType: RecipientType;
  recipientId: string;
  chatId: string;
  language: string;
  notificationType: string;
  referenceId: string | null;
  message: string;
  replyMarkup: Record<string, unknown> | null;
  priority: number;
  idempotencyKey: string;
  broadcastId: string | null;
  createdById: string | null;
}

/** What the worker needs to know about a row before sending it. */
export interface DeliveryCandidate {
  id: string;
  chatId: string;
  status: NotificationStatus;
  jobSeq: number;
  priority: number;
  nextAttemptAt: Date;
  message: string;
  replyMarkup: Record<string, unknown> | null;
  attempts: number;
  broadcastId: string | null;
  /** The row's broadcast is paused (or cancelled): it waits for resume. */
  held: boolean;
  /** An earlier row to the same chat is still pending or sending: this one waits its turn. */
  behind: boolean;
}

/** A row that needs a (new) Bull job: the job id is `n.<id>.<jobSeq>`. */
export interface JobTicket {
  id: string;
  jobSeq: number;
  priority: number;
  nextAttemptAt: Date;
}

// A row of a broadcast that is not running neither goes nor holds up its chat.
const RUNNING = `(%.broadcast_id IS NULL OR EXISTS (
  SELECT 1 FROM notification_broadcasts b WHERE b.id = %.broadcast_id AND b.status = 'running'))`;
const running = (alias: string): string => RUNNING.replace(/%/g, alias);

// An earlier row (in sending order) to the same chat that is still open.
const AHEAD = (alias: string): string => `EXISTS (
  SELECT 1 FROM telegram_notifications_queue p
   WHERE p.chat_id = ${alias}.chat_id AND p.status IN ('pending', 'sending') AND p.id <> ${alias}.id
     AND (p.priority, p.seq) < (${alias}.priority, ${alias}.seq) AND ${running('p')})`;

const COLUMNS = [
  'organization_id',
  'recipient_type',
  'recipient_id',
  'chat_id',
  'language',
  'notification_type',
  'reference_id',
  'message',
  'reply_markup',
  'priority',
  'idempotency_key',
  'broadcast_id',
  'created_by_id',
] as const;
const INSERT_BATCH = 500;
// Claims and sent marks of concurrent sends share statements: up to this many rows in one, and
// this many statements of a kind running at once.
const BATCH_SIZE = 100;
const BATCHES_IN_FLIGHT = 2;

interface TicketRow {
  id: string;
  job_seq: number;
  priority: number;
  next_attempt_at: Date;
}

function ticket(row: TicketRow): JobTicket {
  return { id: row.id, jobSeq: row.job_seq, priority: row.priority, nextAttemptAt: row.next_attempt_at };
}

// TypeORM answers an UPDATE ... RETURNING with [rows, count] on PostgreSQL.
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** The outbox's queries: writing rows once per idempotency key, and the worker's claim-send-mark cycle. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Writes rows whose idempotency key is new for their organization (`ON CONFLICT DO NOTHING`)
   * and returns those written, ready for a job.
   */
  async insertMany(rows: NewNotification[], manager?: EntityManager): Promise<JobTicket[]> {
    const runner = manager ?? this.dataSource.manager;
    const written: JobTicket[] = [];
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = rows.slice(start, start + INSERT_BATCH);
      const params: unknown[] = [];
      const tuples = batch.map((row) => {
        const values = [
          row.organizationId,
          row.recipientType,
          row.recipientId,
          row.chatId,
          row.language,
          row.notificationType,
          row.referenceId,
          row.message,
          row.replyMarkup === null ? null : JSON.stringify(row.replyMarkup),
          row.priority,
          row.idempotencyKey,
          row.broadcastId,
          row.createdById,
        ];
        const placeholders = values.map((value) => {
          params.push(value);
          return `$${params.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      const inserted: TicketRow[] = await runner.query(
        `INSERT INTO telegram_notifications_queue (${COLUMNS.join(', ')})
         VALUES ${tuples.join(', ')}
         ON CONFLICT (organization_id, idempotency_key) DO NOTHING
         RETURNING id, job_seq, priority, next_attempt_at`,
        params,
      );
      written.push(...inserted.map(ticket));
    }
    return written;
  }

  /**
   * Which of these idempotency keys already have a row (`organizationId:key`), so a job that
   * runs again skips what it wrote before without rendering it.
   */
  async existingKeys(keys: { organizationId: string; idempotencyKey: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { organization_id: string; idempotency_key: string }[] = await this.dataSource.query(
      `SELECT n.organization_id, n.idempotency_key FROM telegram_notifications_queue n
         JOIN unnest($1::uuid[], $2::text[]) AS k(organization_id, idempotency_key)
           ON n.organization_id = k.organization_id AND n.idempotency_key = k.idempotency_key`,
      [keys.map((k) => k.organizationId), keys.map((k) => k.idempotencyKey)],
    );
    return new Set(rows.map((r) => `${r.organization_id}:${r.idempotency_key}`));
  }

  /**
   * Looks at the row and, when it is this job's turn, claims it for one send: only its current
   * job may, only while pending, due, first in its chat's line and its broadcast running. A
   * claimed row is the worker's until `leaseMs` passes (then the sweeper presumes the worker
   * dead). Concurrent calls share one statement.
   */
  claimForDelivery(
    id: string,
    jobSeq: number,
    leaseMs: number,
  ): Promise<{ row: DeliveryCandidate; claimed: boolean } | null> {
    return this.claims.submit({ id, jobSeq, leaseMs });
  }

  /**
   * Records a delivered message and hands the chat's next row a job (returned). A row the
   * sweeper already took back (pending again) is marked too: it went out, it must not go twice.
   * Concurrent calls share one statement.
   */
  markSent(id: string, telegramMessageId: number): Promise<{ marked: boolean; next: JobTicket | null }> {
    return this.sends.submit({ id, telegramMessageId });
  }

  private readonly claims = new StatementBatcher<
    { id: string; jobSeq: number; leaseMs: number },
    { row: DeliveryCandidate; claimed: boolean } | null
  >((inputs) => this.claimMany(inputs), { maxSize: BATCH_SIZE, maxInFlight: BATCHES_IN_FLIGHT, key: (i) => i.id });

  private readonly sends = new StatementBatcher<
    { id: string; telegramMessageId: number },
    { marked: boolean; next: JobTicket | null }
  >((inputs) => this.markManySent(inputs), { maxSize: BATCH_SIZE, maxInFlight: BATCHES_IN_FLIGHT, key: (i) => i.id });

  private async claimMany(
    inputs: { id: string; jobSeq: number; leaseMs: number }[],
  ): Promise<({ row: DeliveryCandidate; claimed: boolean } | null)[]> {
    const rows: {
      id: string;
      chat_id: string;
      status: NotificationStatus;
      job_seq: number;
      priority: number;
      next_attempt_at: Date;
      message: string;
      reply_markup: Record<string, unknown> | null;
      attempts: number;
      broadcast_id: string | null;
      held: boolean;
      behind: boolean;
      claimed: boolean;
    }[] = await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[]) AS t(id, want_seq, lease_ms)
       ), c AS (
         SELECT n.id, n.chat_id::text AS chat_id, n.status, n.job_seq, n.priority, n.next_attempt_at, n.message,
                n.reply_markup, n.attempts, n.broadcast_id, NOT ${running('n')} AS held, ${AHEAD('n')} AS behind,
                t.want_seq, t.lease_ms
           FROM telegram_notifications_queue n JOIN input t ON t.id = n.id
       ), claimed AS (
         UPDATE telegram_notifications_queue q
            SET status = 'sending', updated_at = now(),
                locked_until = now() + make_interval(secs => c.lease_ms::double precision / 1000)
           FROM c
          WHERE q.id = c.id AND q.status = 'pending' AND q.job_seq = c.want_seq AND NOT c.held AND NOT c.behind
            AND q.next_attempt_at <= now() + interval '50 milliseconds'
          RETURNING q.id
       )
       SELECT c.*, EXISTS (SELECT 1 FROM claimed WHERE claimed.id = c.id) AS claimed FROM c`,
      [inputs.map((i) => i.id), inputs.map((i) => i.jobSeq), inputs.map((i) => i.leaseMs)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return inputs.map((input) => {
      const row = byId.get(input.id);
      if (!row) return null;
      return {
        claimed: row.claimed,
        row: {
          id: row.id,
          chatId: row.chat_id,
          status: row.status,
          jobSeq: row.job_seq,
          priority: row.priority,
          nextAttemptAt: row.next_attempt_at,
          message: row.message,
          replyMarkup: row.reply_markup,
          attempts: row.attempts,
          broadcastId: row.broadcast_id,
          held: row.held,
          behind: row.behind,
        },
      };
    });
  }

  private async markManySent(
    inputs: { id: string; telegramMessageId: number }[],
  ): Promise<{ marked: boolean; next: JobTicket | null }[]> {
    const rows: ({ kind: 'done' | 'next'; chat_id: string } & TicketRow)[] = await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS t(id, message_id)
       ), done AS (
         UPDATE telegram_notifications_queue q
            SET status = 'sent', sent = true, sent_at = now(), telegram_message_id = t.message_id, error = NULL,
                locked_until = NULL, updated_at = now()
           FROM input t
          WHERE q.id = t.id AND q.status IN ('sending', 'pending')
          RETURNING q.id, q.chat_id
       ), next AS (
         SELECT DISTINCT ON (p.chat_id) p.id, p.chat_id FROM telegram_notifications_queue p
           JOIN (SELECT DISTINCT chat_id FROM done) d ON d.chat_id = p.chat_id
          WHERE p.status = 'pending' AND NOT EXISTS (SELECT 1 FROM input i WHERE i.id = p.id) AND ${running('p')}
          ORDER BY p.chat_id, p.priority, p.seq
       ), bumped AS (
         UPDATE telegram_notifications_queue q SET job_seq = q.job_seq + 1, updated_at = now()
           FROM next WHERE q.id = next.id AND q.status = 'pending'
          RETURNING q.id, q.chat_id, q.job_seq, q.priority, q.next_attempt_at
       )
       SELECT 'done' AS kind, id, chat_id::text AS chat_id, 0 AS job_seq, 0 AS priority, now() AS next_attempt_at
         FROM done
       UNION ALL
       SELECT 'next', id, chat_id::text, job_seq, priority, next_attempt_at FROM bumped`,
      [inputs.map((i) => i.id), inputs.map((i) => i.telegramMessageId)],
    );
    const done = new Map(rows.filter((r) => r.kind === 'done').map((r) => [r.id, r.chat_id]));
    const nextByChat = new Map(rows.filter((r) => r.kind === 'next').map((r) => [r.chat_id, ticket(r)]));
    return inputs.map((input) => {
      const chat = done.get(input.id);
      if (chat === undefined) return { marked: false, next: null };
      const next = nextByChat.get(chat) ?? null;
      nextByChat.delete(chat);
      return { marked: true, next };
    });
  }

  /** A send that will not be tried again; hands the chat's next row a job (returned). */
  async markFailed(id: string, error: string): Promise<{ marked: boolean; next: JobTicket | null }> {
    return this.finish(id, `status = 'failed', error = $2`, [error.slice(0, 2000)]);
  }

  /**
   * Telegram will never deliver to this chat: every other open row to it fails with the same
   * reason (ids returned), rather than each spending a send slot to learn it.
   */
  async failOpenRowsOfChat(chatId: string, error: string): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE telegram_notifications_queue SET status = 'failed', error = $2, locked_until = NULL, updated_at = now()
          WHERE chat_id = $1 AND status = 'pending'
          RETURNING id`,
        [chatId, error.slice(0, 2000)],
      ),
    );
    return rows.map((r) => r.id);
  }

  /**
   * Puts the row back to pending for `delayMs` under a new job number (returned): after a 429, a
   * transient failure (`countAttempt`), or a send slot too far away. Null when the row moved on.
   */
  async postpone(
    id: string,
    jobSeq: number,
    delayMs: number,
    options: { error?: string; countAttempt?: boolean } = {},
  ): Promise<JobTicket | null> {
    const rows = rowsOf<TicketRow>(
      await this.dataSource.query(
        `UPDATE telegram_notifications_queue
            SET status = 'pending', locked_until = NULL, job_seq = job_seq + 1,
                next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
                attempts = attempts + $4, error = COALESCE($5, error), updated_at = now()
          WHERE id = $1 AND job_seq = $2 AND status IN ('pending', 'sending')
          RETURNING id, job_seq, priority, next_attempt_at`,
        [id, jobSeq, Math.max(0, Math.round(delayMs)), options.countAttempt ? 1 : 0, options.error ?? null],
      ),
    );
    return rows[0] ? ticket(rows[0]) : null;
  }

  /**
   * A claimed row whose broadcast stopped before its send: back to pending when the broadcast is
   * paused (resume queues it again), cancelled when it was cancelled. Hands the chat's next row a
   * job (returned), as nothing of this chat is in flight any more.
   */
  async standDown(id: string): Promise<{ marked: boolean; next: JobTicket | null }> {
    return this.finish(
      id,
      `status = CASE WHEN EXISTS (
         SELECT 1 FROM notification_broadcasts b
          WHERE b.id = telegram_notifications_queue.broadcast_id AND b.status = 'cancelled'
       ) THEN 'cancelled' ELSE 'pending' END, job_seq = job_seq + 1`,
      [],
    );
  }

  /**
   * Rows left `sending` past their lease: their worker died or hung after claiming them, so
   * whether Telegram got the message is unknown. They go back to pending (at least once), after
   * a grace period in which a slow worker can still record its outcome.
   */
  async reclaimExpired(graceMs: number): Promise<JobTicket[]> {
    return rowsOf<TicketRow>(
      await this.dataSource.query(
        `UPDATE telegram_notifications_queue
            SET status = 'pending', locked_until = NULL, job_seq = job_seq + 1,
                next_attempt_at = now() + make_interval(secs => $1::double precision / 1000),
                error = 'The worker stopped while sending; outcome unknown, sent again', updated_at = now()
          WHERE status = 'sending' AND locked_until < now()
          RETURNING id, job_seq, priority, next_attempt_at`,
        [graceMs],
      ),
    ).map(ticket);
  }

  /**
   * Pending rows that are first in their chat's line, due for `staleMs` and untouched as long:
   * each should have a live job; the sweeper checks. Keyset-paged by `seq`.
   */
  async staleHeads(afterSeq: string, staleMs: number, limit: number): Promise<(JobTicket & { seq: string })[]> {
    const rows: (TicketRow & { seq: string })[] = await this.dataSource.query(
      `SELECT n.id, n.seq::text AS seq, n.job_seq, n.priority, n.next_attempt_at
         FROM telegram_notifications_queue n
        WHERE n.status = 'pending' AND n.seq > $1::bigint
          AND n.next_attempt_at < now() - make_interval(secs => $2::double precision / 1000)
          AND n.updated_at < now() - make_interval(secs => $2::double precision / 1000)
          AND ${running('n')} AND NOT ${AHEAD('n')}
        ORDER BY n.seq
        LIMIT $3`,
      [afterSeq, staleMs, limit],
    );
    return rows.map((row) => ({ ...ticket(row), seq: row.seq }));
  }

  /** A new job number for rows that need a job (a vanished one, a resumed broadcast, a retry). */
  async renumber(ids: string[], expected?: Map<string, number>): Promise<JobTicket[]> {
    if (ids.length === 0) return [];
    const seqs = ids.map((id) => expected?.get(id) ?? -1);
    return rowsOf<TicketRow>(
      await this.dataSource.query(
        `UPDATE telegram_notifications_queue n SET job_seq = n.job_seq + 1, updated_at = now()
           FROM unnest($1::uuid[], $2::int[]) AS t(id, seq)
          WHERE n.id = t.id AND n.status = 'pending' AND (t.seq = -1 OR n.job_seq = t.seq)
          RETURNING n.id, n.job_seq, n.priority, n.next_attempt_at`,
        [ids, seqs],
      ),
    ).map(ticket);
  }

  /** A failed or cancelled row goes back to pending with its attempts reset; null when it is neither. */
  async retry(id: string): Promise<JobTicket | null> {
    const rows = rowsOf<TicketRow>(
      await this.dataSource.query(
        `UPDATE telegram_notifications_queue
            SET status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL, job_seq = job_seq + 1,
                updated_at = now()
          WHERE id = $1 AND status IN ('failed', 'cancelled')
          RETURNING id, job_seq, priority, next_attempt_at`,
        [id],
      ),
    );
    return rows[0] ? ticket(rows[0]) : null;
  }

  private async finish(
    id: string,
    set: string,
    params: unknown[],
  ): Promise<{ marked: boolean; next: JobTicket | null }> {
    const rows: ({ marked: number } & Partial<TicketRow>)[] = await this.dataSource.query(
      `WITH done AS (
         UPDATE telegram_notifications_queue SET ${set}, locked_until = NULL, updated_at = now()
          WHERE id = $1 AND status IN ('sending', 'pending')
          RETURNING chat_id
       ), next AS (
         SELECT p.id FROM telegram_notifications_queue p, done
          WHERE p.chat_id = done.chat_id AND p.status = 'pending' AND p.id <> $1 AND ${running('p')}
          ORDER BY p.priority, p.seq
          LIMIT 1
       ), bumped AS (
         UPDATE telegram_notifications_queue q SET job_seq = q.job_seq + 1, updated_at = now()
           FROM next WHERE q.id = next.id AND q.status = 'pending'
          RETURNING q.id, q.job_seq, q.priority, q.next_attempt_at
       )
       SELECT (SELECT count(*) FROM done)::int AS marked, bumped.* FROM (SELECT 1) AS one LEFT JOIN bumped ON true`,
      [id, ...params],
    );
    const row = rows[0];
    return {
      marked: (row?.marked ?? 0) > 0,
      next: row?.id ? ticket(row as TicketRow) : null,
    };
  }
}
