import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, ValidateBy, ValidationOptions } from 'class-validator';
import { SCHEDULE_NAMES, ScheduleName } from './schedule-definitions';
import { SCHEDULE_RUN_STATUSES, ScheduleRunStatus } from './notification-schedule.entity';
import { cronProblems, isTimeZone } from './schedule-time';

/** A cron expression Bull can run: five fields or an alias, values in range (the problem is the message). */
export function IsCronExpression(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCronExpression',
      validator: {
        validate: (value: unknown) => cronProblems(value).length === 0,
        defaultMessage: (args) => cronProblems(args?.value).join('; '),
      },
    },
    options,
  );
}

/** An IANA time zone name (Europe/Berlin, America/New_York, UTC). */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) => isTimeZone(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'timeZone'} must be an IANA time zone such as Europe/Berlin or UTC`,
      },
    },
    options,
  );
}

export class ScheduleDto {
  @ApiProperty({ enum: SCHEDULE_NAMES })
  name!: ScheduleName;

  @ApiProperty()
  description!: string;

  @ApiProperty({ example: '0 9-18 * * *', description: 'Five-field cron expression (or @daily, @hourly, ...)' })
  cron!: string;

  @ApiProperty({ example: 'UTC', description: 'The time zone the cron expression is read in' })
  timeZone!: string;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ description: 'Bull holds the repeatable job (a worker registers it within a minute of a change)' })
  registered!: boolean;

  @ApiProperty({ type: Date, nullable: true, description: 'When it runs next (null when disabled)' })
  nextRunAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true, description: 'When the last run started' })
  lastRunAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true })
  lastFinishedAt!: Date | null;

  @ApiProperty({ enum: SCHEDULE_RUN_STATUSES, nullable: true })
  lastStatus!: ScheduleRunStatus | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    description: 'Counts of the last successful run (written, already sent, not linked, deleted, ...)',
    example: { dueSoon: 3, overdue: 1, alreadySent: 12, notLinked: 2 },
  })
  lastResult!: Record<string, number> | null;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Who changed it last (null: defaults)' })
  updatedById!: string | null;

  @ApiProperty()
  updatedAt!: Date;
}

export class UpdateScheduleDto {
  @ApiPropertyOptional({ example: '0 8 * * 1-5', description: 'Five-field cron expression, or @daily, @hourly, ...' })
  @IsOptional()
  @IsCronExpression()
  cron?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ScheduleRunDto {
  @ApiProperty({ enum: SCHEDULE_NAMES })
  name!: ScheduleName;

  @ApiProperty({ description: 'The Bull job that runs it' })
  jobId!: string;

  @ApiProperty()
  queuedAt!: Date;
}
