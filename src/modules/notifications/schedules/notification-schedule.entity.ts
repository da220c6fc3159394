import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const SCHEDULE_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ScheduleRunStatus = (typeof SCHEDULE_RUN_STATUSES)[number];

/**
 * A scheduled job's settings (the truth: Bull's repeatable job is registered from this row) and
 * how its last run went. One row per job name, for the whole deployment.
 */
@Entity({ name: 'notification_schedules' })
export class NotificationSchedule {
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'pk_notification_schedules' })
  name!: string;

  /** Five-field cron expression (or an alias such as @daily), read in `timeZone`. */
  @Column({ type: 'varchar', length: 100 })
  cron!: string;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastRunAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastFinishedAt!: Date | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  lastStatus!: ScheduleRunStatus | null;

  /** What the last run did, as counts (written, duplicates, deleted, ...). */
  @Column({ type: 'jsonb', nullable: true })
  lastResult!: Record<string, number> | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** The user who changed the settings last (null: the defaults). */
  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
