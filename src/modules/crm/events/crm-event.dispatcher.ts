import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/query';
import {
  CrmEventConsumerDefinition,
  DEFAULT_HANDLER_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  defaultRetryDelayMs,
} from './crm-event-consumer.registry';
import { CrmEventMessage } from './crm-event.types';

export interface DispatcherLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface DispatcherOptions {
  /** Idle wait between polls. */
  pollIntervalMs?: number;
  /** Deliveries claimed (and run concurrently) per round. */
  batchSize?: number;
  /** Events fanned out per consumer per statement. */
  fanOutBatchSize?: number;
  /** How long a claim holds a delivery; after a crash another dispatcher takes it once this passed. */
  leaseMs?: number;
  /** Delivered rows are kept this long, then pruned. */
  keepDeliveredMs?: number;
  logger?: DispatcherLogger;
}

interface ConsumerSource {
  list(): CrmEventConsumerDefinition[];
}

interface ClaimedDelivery {
  consumer: string;
  event_id: string;
  attempts: number;
}

const SILENT: DispatcherLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Delivers CRM events to every registered consumer at least once, in order per aggregate.
 *
 * - Fan-out: each consumer has a cursor over (txid, id) of `crm_events`; events are copied to
 *   `crm_event_deliveries` only once the transaction that wrote them is older than every running
 *   transaction (pg_snapshot_xmin), so an event committed late is never skipped.
 * - Claim: a round leases due deliveries with `FOR UPDATE SKIP LOCKED`, never one whose aggregate
 *   has an earlier event still pending (or not yet fanned out) for the same consumer. Several
 *   dispatchers share the work; after a crash (kill -9) the lease runs out and another one retries.
 * - Failure: the delivery is retried with backoff; it holds back only later events of the same
 *   aggregate for the same consumer, never other consumers or aggregates.
 *
 * A plain class (not a Nest provider) so that a bare process can run it too.
 */
export class CrmEventDispatcher {
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly fanOutBatchSize: number;
  private readonly leaseMs: number;
  private readonly keepDeliveredMs: number;
  private readonly logger: DispatcherLogger;
  private readonly instanceId = randomUUID().slice(0, 8);
  private readonly knownConsumers = new Set<string>();
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consumers: ConsumerSource,
    options: DispatcherOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 20;
    this.fanOutBatchSize = options.fanOutBatchSize ?? 500;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.keepDeliveredMs = options.keepDeliveredMs ?? 7 * 24 * 60 * 60_000;
    this.logger = options.logger ?? SILENT;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Stops polling and waits for the round in flight (handlers are bounded by their timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  /** One round: fan out new events, then claim and deliver due ones. Returns the deliveries attempted. */
  async runOnce(): Promise<number> {
    const consumers = this.consumers.list();
    if (consumers.length === 0) return 0;
    for (const consumer of consumers) {
      await this.ensureConsumer(consumer);
      await this.fanOut(consumer);
    }
    const claimed = await this.claim(consumers.map((c) => c.name));
    if (claimed.length > 0) {
      const events = await this.loadEvents(claimed.map((c) => c.event_id));
      const byName = new Map(consumers.map((c) => [c.name, c]));
      await Promise.all(
        claimed.map((delivery) => {
          const consumer = byName.get(delivery.consumer);
          const event = events.get(delivery.event_id);
          // Unregistered meanwhile, or the event's organization deleted: the lease runs out quietly.
          if (!consumer || !event) return Promise.resolve();
          return this.deliver(consumer, event, delivery.attempts);
        }),
      );
    }
    await this.pruneNow();
    return claimed.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = 0;
      try {
        worked = await this.runOnce();
      } catch (error) {
        this.logger.warn(`CRM event dispatcher ${this.instanceId}: round failed: ${(error as Error).message}`);
      }
      if (worked === 0 && !this.stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollIntervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async ensureConsumer(consumer: CrmEventConsumerDefinition): Promise<void> {
    if (this.knownConsumers.has(consumer.name)) return;
    const fromBeginning = consumer.startFrom === 'beginning';
    // "now": every transaction older than the oldest running one counts as already seen.
    await this.dataSource.query(
      `INSERT INTO crm_event_consumers (name, cursor_txid, cursor_event_id)
       VALUES ($1,
               CASE WHEN $2 THEN 0 ELSE pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1 END,
               CASE WHEN $2 THEN 0 ELSE 9223372036854775807 END)
       ON CONFLICT (name) DO NOTHING`,
      [consumer.name, fromBeginning],
    );
    this.knownConsumers.add(consumer.name);
  }

  private async fanOut(consumer: CrmEventConsumerDefinition): Promise<void> {
    for (;;) {
      const scanned = await this.dataSource.transaction(async (manager) => {
        const cursor: { txid: string; id: string }[] = await manager.query(
          `SELECT cursor_txid::text AS txid, cursor_event_id::text AS id FROM crm_event_consumers WHERE name = $1 FOR UPDATE`,
          [consumer.name],
        );
        if (cursor.length === 0) return 0;
        const rows: { scanned: number; last_txid: string | null; last_id: string | null }[] = await manager.query(
          `WITH batch AS (
             SELECT id, txid, organization_id, type, aggregate_type, aggregate_id FROM crm_events
             WHERE (txid, id) > ($2::bigint, $3::bigint)
               AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
             ORDER BY txid, id
             LIMIT $4
           ), inserted AS (
             INSERT INTO crm_event_deliveries
               (consumer, event_id, organization_id, aggregate_type, aggregate_id, status, attempts, next_attempt_at)
             SELECT $1, id, organization_id, aggregate_type, aggregate_id, 'pending', 0, now() FROM batch
             WHERE $5::text[] IS NULL OR type = ANY($5::text[])
             ON CONFLICT DO NOTHING
             RETURNING 1
           ), last AS (
             SELECT txid, id FROM batch ORDER BY txid DESC, id DESC LIMIT 1
           )
           SELECT (SELECT count(*) FROM batch)::int AS scanned,
                  (SELECT count(*) FROM inserted)::int AS inserted,
                  (SELECT txid::text FROM last) AS last_txid,
                  (SELECT id::text FROM last) AS last_id`,
          [consumer.name, cursor[0].txid, cursor[0].id, this.fanOutBatchSize, consumer.types ?? null],
        );
        const { scanned, last_txid, last_id } = rows[0];
        if (scanned > 0 && last_txid && last_id) {
          await manager.query(
            `UPDATE crm_event_consumers SET cursor_txid = $2, cursor_event_id = $3, updated_at = now() WHERE name = $1`,
            [consumer.name, last_txid, last_id],
          );
        }
        return scanned;
      });
      if (scanned < this.fanOutBatchSize) return;
    }
  }

  private async claim(consumerNames: string[]): Promise<ClaimedDelivery[]> {
    const result: unknown = await this.dataSource.query(
      `WITH picked AS (
         SELECT d.consumer, d.event_id FROM crm_event_deliveries d
         JOIN crm_event_consumers c ON c.name = d.consumer
         WHERE d.consumer = ANY($1::text[])
           AND d.status = 'pending'
           AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now())
           AND NOT EXISTS (
             SELECT 1 FROM crm_event_deliveries p
             WHERE p.consumer = d.consumer AND p.aggregate_type = d.aggregate_type
               AND p.aggregate_id = d.aggregate_id AND p.event_id < d.event_id AND p.status = 'pending')
           AND NOT EXISTS (
             SELECT 1 FROM crm_events e
             WHERE e.aggregate_type = d.aggregate_type AND e.aggregate_id = d.aggregate_id
               AND e.id < d.event_id AND (e.txid, e.id) > (c.cursor_txid, c.cursor_event_id))
         ORDER BY d.event_id
         LIMIT $2
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE crm_event_deliveries d
       SET locked_until = now() + make_interval(secs => $3::double precision / 1000)
       FROM picked
       WHERE d.consumer = picked.consumer AND d.event_id = picked.event_id
       RETURNING d.consumer, d.event_id::text AS event_id, d.attempts`,
      [consumerNames, this.batchSize, this.leaseMs],
    );
    return returnedRows<ClaimedDelivery>(result);
  }

  private async loadEvents(ids: string[]): Promise<Map<string, CrmEventMessage>> {
    const rows: {
      id: string;
      type: CrmEventMessage['type'];
      organization_id: string;
      aggregate_type: CrmEventMessage['aggregateType'];
      aggregate_id: string;
      actor_user_id: string | null;
      payload: Record<string, unknown>;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id::text AS id, type, organization_id, aggregate_type, aggregate_id, actor_user_id, payload, created_at
       FROM crm_events WHERE id = ANY($1::bigint[])`,
      [[...new Set(ids)]],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          type: r.type,
          organizationId: r.organization_id,
          aggregateType: r.aggregate_type,
          aggregateId: r.aggregate_id,
          actorUserId: r.actor_user_id,
          payload: r.payload,
          createdAt: r.created_at,
        },
      ]),
    );
  }

  private async deliver(consumer: CrmEventConsumerDefinition, event: CrmEventMessage, attempts: number): Promise<void> {
    const timeoutMs = Math.min(consumer.timeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS, Math.floor(this.leaseMs / 2));
    try {
      await withTimeout(consumer.handle(event), timeoutMs, `${consumer.name} took longer than ${timeoutMs} ms`);
      await this.dataSource.query(
        `UPDATE crm_event_deliveries
         SET status = 'done', delivered_at = now(), locked_until = NULL, last_error = NULL
         WHERE consumer = $1 AND event_id = $2 AND status = 'pending'`,
        [consumer.name, event.id],
      );
    } catch (error) {
      const attempt = attempts + 1;
      const maxAttempts = consumer.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const failed = attempt >= maxAttempts;
      const delayMs = (consumer.retryDelayMs ?? defaultRetryDelayMs)(attempt);
      const message = error instanceof Error ? error.message : String(error);
      await this.dataSource.query(
        `UPDATE crm_event_deliveries
         SET attempts = $3, status = $4, last_error = $5, locked_until = NULL,
             next_attempt_at = now() + make_interval(secs => $6::double precision / 1000)
         WHERE consumer = $1 AND event_id = $2 AND status = 'pending'`,
        [consumer.name, event.id, attempt, failed ? 'failed' : 'pending', message.slice(0, 2000), delayMs],
      );
      const line = `Consumer ${consumer.name} failed on event ${event.id} (${event.type}), attempt ${attempt}/${maxAttempts}: ${message}`;
      if (failed) this.logger.error(`${line}; giving up on this event`);
      else this.logger.warn(`${line}; retrying in ${delayMs} ms`);
    }
  }

  private async pruneNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.dataSource.query(
      `DELETE FROM crm_event_deliveries
       WHERE status = 'done' AND delivered_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [this.keepDeliveredMs],
    );
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
