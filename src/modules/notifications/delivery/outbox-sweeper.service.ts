import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { NotificationsRepository } from '../outbox/notifications.repository';
import { BroadcastsRepository } from '../broadcasts/broadcasts.repository';
import { DeliveryProducer } from './delivery.producer';

const EVERY_MS = 3000;
/** A pending row due (and untouched) this long should have been taken by a job: check that it has one. */
const STALE_MS = 5000;
/** After a lease runs out, a slow worker still gets this long to record its outcome. */
const RECLAIM_GRACE_MS = 10_000;
const PAGE = 1000;

/**
 * PostgreSQL is the truth, Bull only carries wake-up calls: every few seconds, in each worker,
 * rows whose job vanished (Redis restarted without its data, a job failed for good) get a new
 * one, and rows left `sending` by a dead worker go back to pending. A timer, not a Bull job: it
 * must keep running when Redis has lost everything, repeatable jobs included.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly rows: NotificationsRepository,
    private readonly broadcasts: BroadcastsRepository,
    private readonly producer: DeliveryProducer,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    this.timer = setInterval(() => this.tick(), EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep now; returns the rows given a new job. */
  async sweep(): Promise<number> {
    const reclaimed = await this.rows.reclaimExpired(RECLAIM_GRACE_MS);
    if (reclaimed.length > 0) {
      this.logger.warn(
        `${reclaimed.length} notification(s) were left sending by a stopped worker; sending again: ${reclaimed
          .slice(0, 5)
          .map((t) => t.id)
          .join(', ')}`,
      );
      await this.producer.enqueue(reclaimed);
    }
    let requeued = 0;
    let after = '0';
    for (;;) {
      const heads = await this.rows.staleHeads(after, STALE_MS, PAGE);
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
    if (requeued > 0) this.logger.warn(`${requeued} notification(s) had no queued job (Redis lost it?); queued again`);
    await this.broadcasts.finishDone();
    return requeued + reclaimed.length;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`Outbox sweep failed: ${error.message}`))
      .finally(() => (this.running = undefined));
  }
}
