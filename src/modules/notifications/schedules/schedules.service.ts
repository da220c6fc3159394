import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Actor } from '../../auth/policy.types';
import { CrmDirectory } from '../crm/crm-directory.service';
import { NotificationsErrorCode, NotificationsException } from '../notifications.exception';
import { NotificationSchedule } from './notification-schedule.entity';
import { ScheduleDto, ScheduleRunDto, UpdateScheduleDto } from './schedule.dto';
import { isScheduleName, SCHEDULE_NAMES, SCHEDULES, ScheduleName } from './schedule-definitions';
import { cronProblems, nextRunOf } from './schedule-time';
import { RegisteredRepeat, SchedulesProducer } from './schedules.producer';
import { SchedulesRepository } from './schedules.repository';

/**
 * The scheduled jobs' settings through the API, and their registration in Bull. The jobs serve
 * the whole deployment (every organization's invoices and staff, the shared tables), so only the
 * operator changes or even reads them: a vendor of the operator organization, as for the bot.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulesService.name);
  private rows?: Promise<void>;

  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly producer: SchedulesProducer,
    private readonly directory: CrmDirectory,
  ) {}

  // Every role: the API lists the rows, and runs record their outcome on them.
  async onApplicationBootstrap(): Promise<void> {
    await this.ensureRows().catch((error: Error) =>
      this.logger.warn(`Could not write the default schedules (written on first use): ${error.message}`),
    );
  }

  async list(actor: Actor): Promise<ScheduleDto[]> {
    await this.assertOperator(actor);
    await this.ensureRows();
    const rows = await this.schedules.list();
    const dtos: ScheduleDto[] = [];
    for (const row of rows.filter((r) => isScheduleName(r.name))) {
      dtos.push(toDto(row, await this.producer.registered(row.name as ScheduleName)));
    }
    return dtos;
  }

  async update(actor: Actor, name: string, change: UpdateScheduleDto): Promise<ScheduleDto> {
    await this.assertOperator(actor);
    const scheduleName = this.known(name);
    if (change.cron === undefined && change.timeZone === undefined && change.enabled === undefined) {
      throw NotificationsException.invalid('body', ['send at least one of cron, timeZone, enabled']);
    }
    await this.ensureRows();
    // The change and Bull's registration go together, one change at a time (the row is locked).
    const row = await this.schedules.withLockedRow(scheduleName, async (current, manager) => {
      if (!current) throw NotificationsException.notFound('Schedule', name);
      const problems = cronProblems(change.cron ?? current.cron, change.timeZone ?? current.timeZone);
      if (problems.length > 0) throw NotificationsException.invalid('cron', problems);
      const updated = await this.schedules.update(manager, scheduleName, {
        cron: change.cron?.trim(),
        timeZone: change.timeZone,
        enabled: change.enabled,
        updatedById: actor.userId,
      });
      await this.producer.sync(scheduleName, updated);
      return updated;
    });
    return toDto(row, await this.producer.registered(scheduleName));
  }

  async runNow(actor: Actor, name: string): Promise<ScheduleRunDto> {
    await this.assertOperator(actor);
    const scheduleName = this.known(name);
    const queuedAt = new Date();
    return { name: scheduleName, jobId: await this.producer.runNow(scheduleName, actor.userId), queuedAt };
  }

  /**
   * Registers every schedule in Bull as its row says (workers, at start and every minute). A
   * row another instance is changing right now is left to it.
   */
  async syncAll(): Promise<void> {
    await this.ensureRows();
    for (const name of SCHEDULE_NAMES) {
      await this.schedules.withLockedRow(
        name,
        async (row) => {
          if (row) await this.producer.sync(name, row);
        },
        { skipLocked: true },
      );
    }
  }

  // A row with the defaults for each job, written once per process (a new job gets its row).
  private ensureRows(): Promise<void> {
    this.rows ??= this.schedules.ensureDefaults().catch((error: Error) => {
      this.rows = undefined;
      throw error;
    });
    return this.rows;
  }

  private known(name: string): ScheduleName {
    if (!isScheduleName(name)) {
      throw new NotificationsException(
        NotificationsErrorCode.NOT_FOUND,
        `Schedule ${name} was not found (schedules: ${SCHEDULE_NAMES.join(', ')}).`,
      );
    }
    return name;
  }

  private async assertOperator(actor: Actor): Promise<void> {
    if (actor.role !== 'vendor' || (await this.directory.operatorOrganizationId()) !== actor.organizationId) {
      throw new NotificationsException(
        NotificationsErrorCode.FORBIDDEN,
        'Only a vendor of the operator organization manages the scheduled jobs (they serve the whole deployment).',
      );
    }
  }
}

function toDto(row: NotificationSchedule, registered: RegisteredRepeat[]): ScheduleDto {
  const name = row.name as ScheduleName;
  const live = registered.find((r) => r.cron === row.cron && (r.tz ?? 'UTC') === row.timeZone);
  return {
    name,
    description: SCHEDULES[name].description,
    cron: row.cron,
    timeZone: row.timeZone,
    enabled: row.enabled,
    registered: live !== undefined,
    nextRunAt: !row.enabled ? null : live ? new Date(live.next) : nextRunOf(row.cron, row.timeZone, new Date()),
    lastRunAt: row.lastRunAt,
    lastFinishedAt: row.lastFinishedAt,
    lastStatus: row.lastStatus,
    lastResult: row.lastResult,
    lastError: row.lastError,
    updatedById: row.updatedById,
    updatedAt: row.updatedAt,
  };
}
