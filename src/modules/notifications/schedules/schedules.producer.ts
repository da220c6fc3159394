import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { QUEUES } from '../../../core/queue/queue.constants';
import type { ScheduleName } from './schedule-definitions';

/** The payload of a scheduled job: who started it (the schedule, or a person through the API). */
export interface ScheduleJobData {
  trigger: 'schedule' | 'manual';
  requestedById?: string;
}

/** Bull's record of a registered repeatable job. */
export interface RegisteredRepeat {
  key: string;
  cron: string | null;
  tz: string | null;
  /** When its next run is due (ms since the epoch). */
  next: number;
}

const KEPT_JOBS = 50;

/**
 * The only producer of the notification-schedules queue. A schedule is one Bull repeatable job
 * whose job id is its name: every instance that registers it registers the same key, and each
 * run's job id is derived from the key and the run's time, so a run is queued once however many
 * instances there are.
 */
@Injectable()
export class SchedulesProducer {
  private readonly logger = new Logger(SchedulesProducer.name);

  constructor(@InjectQueue(QUEUES.NOTIFICATION_SCHEDULES) private readonly queue: Queue<ScheduleJobData>) {}

  /** The repeatable jobs Bull holds for `name` (normally none or one). */
  async registered(name: ScheduleName): Promise<RegisteredRepeat[]> {
    return (await this.queue.getRepeatableJobs())
      .filter((job) => job.name === name)
      .map((job) => ({ key: job.key, cron: job.cron ?? null, tz: job.tz ?? null, next: job.next }));
  }

  /**
   * Makes Bull hold exactly the wanted repeatable job for `name` (none when disabled): a
   * registration with another cron or time zone is removed with its next run, then the new one
   * added. Returns whether anything changed.
   */
  async sync(name: ScheduleName, wanted: { cron: string; timeZone: string; enabled: boolean }): Promise<boolean> {
    const current = await this.registered(name);
    const matches = (r: RegisteredRepeat): boolean =>
      wanted.enabled && r.cron === wanted.cron && (r.tz ?? 'UTC') === wanted.timeZone;
    let changed = false;
    for (const stale of current.filter((r) => !matches(r))) {
      await this.queue.removeRepeatableByKey(stale.key);
      this.logger.log(`Schedule ${name}: removed the repeatable job "${stale.cron}" (${stale.tz ?? 'UTC'})`);
      changed = true;
    }
    if (wanted.enabled && !current.some(matches)) {
      await this.queue.add(name, { trigger: 'schedule' } satisfies ScheduleJobData, {
        jobId: name,
        repeat: { cron: wanted.cron, tz: wanted.timeZone },
        removeOnComplete: KEPT_JOBS,
        removeOnFail: KEPT_JOBS,
      });
      this.logger.log(`Schedule ${name}: registered "${wanted.cron}" (${wanted.timeZone})`);
      changed = true;
    }
    return changed;
  }

  /** Queues one run now, outside the schedule; answers its job id. */
  async runNow(name: ScheduleName, requestedById: string): Promise<string> {
    const job = await this.queue.add(name, { trigger: 'manual', requestedById } satisfies ScheduleJobData, {
      jobId: `manual.${name}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`,
      removeOnComplete: KEPT_JOBS,
      removeOnFail: KEPT_JOBS,
    });
    return String(job.id);
  }
}
