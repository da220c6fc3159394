import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../../core/config/app-config';
import { QUEUES } from '../../../core/queue/queue.constants';
import { isScheduleName } from './schedule-definitions';
import { ScheduledJobsService } from './scheduled-jobs.service';
import type { ScheduleJobData } from './schedules.producer';
import { SchedulesService } from './schedules.service';

/** How often a worker checks that Bull holds each schedule as PostgreSQL says (Redis may have lost it). */
const RECONCILE_MS = 60_000;

/**
 * In processes of the worker role (APP_ROLE=worker or all): runs the scheduled jobs, one at a
 * time per process, and keeps Bull's repeatable jobs in step with `notification_schedules`
 * (at start and every minute). Under NODE_ENV=test the schedules are not registered by
 * themselves (tests run the jobs with a clock of their own, and register through the API).
 */
@Injectable()
export class SchedulesProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulesProcessor.name);
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;

  constructor(
    @InjectQueue(QUEUES.NOTIFICATION_SCHEDULES) private readonly queue: Queue<ScheduleJobData>,
    private readonly jobs: ScheduledJobsService,
    private readonly schedules: SchedulesService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    // One handler for every job name with concurrency 1: one scheduled job at a time per process
    // (Bull adds up the concurrency of handlers registered one per name).
    void this.queue
      .process('*', 1, (job: Job<ScheduleJobData>) => this.handle(job))
      .catch((error: Error) => this.logger.error(`Scheduled jobs stopped: ${error.message}`));
    if (this.config.isTest) return;
    this.reconcile();
    this.timer = setInterval(() => this.reconcile(), RECONCILE_MS);
    this.timer.unref();
  }

  private async handle(job: Job<ScheduleJobData>): Promise<Record<string, number> | null> {
    if (!isScheduleName(job.name)) {
      this.logger.warn(`Job ${job.id} of the schedules queue has an unknown name (${job.name}); dropped`);
      return null;
    }
    return this.jobs.run(job.name, { now: new Date(), trigger: job.data.trigger ?? 'schedule' });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reconciling;
  }

  private reconcile(): void {
    if (this.reconciling) return;
    this.reconciling = this.schedules
      .syncAll()
      .catch((error: Error) => this.logger.warn(`Could not register the notification schedules: ${error.message}`))
      .finally(() => (this.reconciling = undefined));
  }
}
