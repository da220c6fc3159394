import { Injectable, Logger } from '@nestjs/common';
import { OutboxCleanupService } from '../cleanup/outbox-cleanup.service';
import { DailyDigestService } from '../digest/daily-digest.service';
import { InvoiceRemindersService } from '../reminders/invoice-reminders.service';
import { SCHEDULES, ScheduleName } from './schedule-definitions';
import { SchedulesRepository } from './schedules.repository';

export interface ScheduledRun {
  /** The moment the job works for (due dates, digest hours, retention cut-offs). */
  now: Date;
  trigger: 'schedule' | 'manual';
}

/**
 * Runs one scheduled job and records how it went on its schedule. A job only writes outbox rows
 * under idempotency keys (or deletes old rows), so a run that happens twice (Bull is at least
 * once; a manual run beside a scheduled one) changes nothing the second time.
 */
@Injectable()
export class ScheduledJobsService {
  private readonly logger = new Logger(ScheduledJobsService.name);

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly reminders: InvoiceRemindersService,
    private readonly digest: DailyDigestService,
    private readonly cleanup: OutboxCleanupService,
  ) {}

  /** The job's counts; null when it was not run (a scheduled run of a schedule switched off meanwhile). */
  async run(name: ScheduleName, { now, trigger }: ScheduledRun): Promise<Record<string, number> | null> {
    const schedule = await this.schedules.get(name);
    // Bull may still hold a run registered before the schedule was switched off on another instance.
    if (trigger === 'schedule' && schedule && !schedule.enabled) return null;
    const timeZone = schedule?.timeZone ?? SCHEDULES[name].timeZone;
    await this.schedules.recordStart(name, new Date());
    try {
      const result = await this.work(name, now, timeZone);
      await this.schedules.recordFinish(name, new Date(), { result });
      return result;
    } catch (error) {
      const message = (error as Error).message;
      this.logger.error(`Scheduled job ${name} failed: ${message}`, (error as Error).stack);
      await this.schedules
        .recordFinish(name, new Date(), { error: message })
        .catch((e: Error) => this.logger.warn(`Could not record the failure of ${name}: ${e.message}`));
      throw error;
    }
  }

  private work(name: ScheduleName, now: Date, timeZone: string): Promise<Record<string, number>> {
    switch (name) {
      case 'invoice-reminders':
        return this.reminders.run(now, timeZone);
      case 'daily-digest':
        return this.digest.run(now, timeZone);
      case 'cleanup':
        return this.cleanup.run(now);
    }
  }
}
