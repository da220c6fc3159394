import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { BroadcastsRepository } from '../broadcasts/broadcasts.repository';
import { NotificationsRepository } from '../outbox/notifications.repository';
import { DeliveryProducer } from './delivery.producer';

const TICK_MS = 3000;
/** Every this often, every pending row long due is checked for a live job. */
const FULL_SWEEP_MS = 30_000;
/** A row due and untouched this long should have been taken by its job: check that it has one. */
const STALE_MS = 20_000;
/** After Redis lost its data, rows older than this are checked at once… */
const AFTER_LOSS_STALE_MS = 2000;
/** …at every tick for this long, so that rows written just before the loss are found too. */
const AFTER_LOSS_WINDOW_MS = AFTER_LOSS_STALE_MS + 2 * TICK_MS;
/** After a lease runs out, a slow worker still gets this long to record its outcome. */
const RECLAIM_GRACE_MS = 10_000;
const PAGE = 1000;

/**
 * PostgreSQL is the truth, Bull only carries wake-up calls. In each worker, every few seconds:
 * rows left `sending` by a dead worker go back to pending; when Redis lost its data (a key the
 * sweeper leaves there is gone) every pending row gets a new job at once; and every 30 s rows
 * long due are checked for a live job (one lost otherwise: the last second before a Redis
 * crash, a job that failed for good). A timer, not a Bull job: it must run when Redis has lost
 * everything, repeatable jobs included.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastFullSweep = 0;
  private markedRedis = false;
  private lostAt = 0;

  constructor(
    private readonly rows: NotificationsRepository,
    private readonly broadcasts: BroadcastsRepository,
    private readonly producer: DeliveryProducer,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round now; returns the rows given a new job. `full` checks every row due for `staleMs`. */
  async sweep(options: { full?: boolean; staleMs?: number } = {}): Promise<number> {
    const reclaimed = await this.rows.reclaimExpired(RECLAIM_GRACE_MS);
    if (reclaimed.length > 0) {
      this.logger.warn(
        `${reclaimed.length} notification(s) were left sending by a stopped worker; sending again: ` +
          reclaimed
            .slice(0, 5)
            .map((t) => t.id)
            .join(', '),
      );
      await this.producer.enqueue(reclaimed);
    }
    let staleMs = options.staleMs ?? STALE_MS;
    let full = options.full ?? Date.now() - this.lastFullSweep >= FULL_SWEEP_MS;
    if (!(await this.producer.redisKeptItsData())) {
      if (this.markedRedis) {
        this.logger.warn('Redis lost its data (restarted without persistence?): queueing every due notification again');
      }
      this.lostAt = Date.now();
    }
    if (Date.now() - this.lostAt < AFTER_LOSS_WINDOW_MS) {
      full = true;
      staleMs = Math.min(staleMs, AFTER_LOSS_STALE_MS);
    }
    let requeued = 0;
    if (full) {
      requeued = await this.requeueOrphans(staleMs);
      this.lastFullSweep = Date.now();
      await this.producer.markRedis();
      this.markedRedis = true;
      if (requeued > 0) this.logger.warn(`${requeued} notification(s) had no queued job; queued again`);
    }
    await this.broadcasts.finishDone();
    return requeued + reclaimed.length;
  }

  // Pending rows first in their chat's line, due and untouched for `staleMs`, without a live job.
  private async requeueOrphans(staleMs: number): Promise<number> {
    let requeued = 0;
    let after = '0';
    for (;;) {
      const heads = await this.rows.staleHeads(after, staleMs, PAGE);
      if (heads.length === 0) break;
      after = heads[heads.length - 1].seq;
      const live = await this.producer.liveJobs(heads);
      const orphans = heads.filter((h) => !live.has(h.id));
      if (orphans.length > 0) {
        const tickets = await this.rows.renumber(
          orphans.map((o) => o.id),
          new Map(orphans.map((o) => [o.id, o.jobSeq])),
        );
        await this.producer.enqueue(tickets);
        requeued += tickets.length;
      }
      if (heads.length < PAGE) break;
    }
    return requeued;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`Outbox sweep failed: ${error.message}`))
      .finally(() => (this.running = undefined));
  }
}
