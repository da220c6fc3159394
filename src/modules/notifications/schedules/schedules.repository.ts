import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationSchedule } from './notification-schedule.entity';
import { SCHEDULES, ScheduleName } from './schedule-definitions';

export interface ScheduleChange {
  cron?: string;
  timeZone?: string;
  enabled?: boolean;
  updatedById: string;
}

/** The rows of `notification_schedules`: settings, and how each job's last run went. */
@Injectable()
export class SchedulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A row with the default settings for every job that has none (a fresh database, a new job). */
  async ensureDefaults(): Promise<void> {
    const entries = Object.entries(SCHEDULES);
    await this.dataSource.query(
      `INSERT INTO notification_schedules (name, cron, time_zone)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (name) DO NOTHING`,
      [entries.map(([name]) => name), entries.map(([, d]) => d.cron), entries.map(([, d]) => d.timeZone)],
    );
  }

  list(): Promise<NotificationSchedule[]> {
    return this.dataSource.getRepository(NotificationSchedule).find({ order: { name: 'ASC' } });
  }

  get(name: ScheduleName): Promise<NotificationSchedule | null> {
    return this.dataSource.getRepository(NotificationSchedule).findOneBy({ name });
  }

  /**
   * Runs `work` while holding the job's row: a change and the re-registration in Bull that
   * follows it happen one at a time across instances, so Redis ends up with the last one.
   * `skipLocked`: when another instance holds it, `work` gets null at once instead of waiting.
   */
  withLockedRow<T>(
    name: ScheduleName,
    work: (row: NotificationSchedule | null, manager: EntityManager) => Promise<T>,
    options: { skipLocked?: boolean } = {},
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const query = manager
        .getRepository(NotificationSchedule)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.name = :name', { name });
      const row = await (options.skipLocked ? query.setOnLocked('skip_locked') : query).getOne();
      return work(row, manager);
    });
  }

  async update(manager: EntityManager, name: ScheduleName, change: ScheduleChange): Promise<NotificationSchedule> {
    const repository = manager.getRepository(NotificationSchedule);
    await repository.update(
      { name },
      {
        ...(change.cron !== undefined ? { cron: change.cron } : {}),
        ...(change.timeZone !== undefined ? { timeZone: change.timeZone } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        updatedById: change.updatedById,
      },
    );
    return repository.findOneByOrFail({ name });
  }

  async recordStart(name: ScheduleName, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_schedules SET last_run_at = $2, last_status = 'running', last_error = NULL WHERE name = $1`,
      [name, at],
    );
  }

  async recordFinish(
    name: ScheduleName,
    at: Date,
    outcome: { result: Record<string, number> } | { error: string },
  ): Promise<void> {
    const failed = 'error' in outcome;
    await this.dataSource.query(
      `UPDATE notification_schedules
          SET last_finished_at = $2, last_status = $3, last_result = $4::jsonb, last_error = $5
        WHERE name = $1`,
      [
        name,
        at,
        failed ? 'failed' : 'succeeded',
        failed ? null : JSON.stringify(outcome.result),
        failed ? outcome.error.slice(0, 2000) : null,
      ],
    );
  }
}
