import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const BROADCAST_STATUSES = ['running', 'paused', 'cancelled', 'finished'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export const BROADCAST_SEGMENTS = ['linked_customers', 'customers_with_open_invoices', 'customers', 'users'] as const;
export type BroadcastSegment = (typeof BROADCAST_SEGMENTS)[number];

/** One message to a segment: its rows in the outbox carry its id; progress is counted from them. */
@Entity({ name: 'notification_broadcasts' })
@Index('ix_notification_broadcasts_organization', ['organizationId', 'createdAt'])
@Check('ck_notification_broadcasts_status', `"status" IN ('running', 'paused', 'cancelled', 'finished')`)
export class NotificationBroadcast {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification_broadcasts' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'varchar', length: 40 })
  segment!: BroadcastSegment;

  /** The ids of a `customers` or `users` segment. */
  @Column({ type: 'jsonb', nullable: true })
  segmentIds!: string[] | null;

  @Column({ type: 'varchar', length: 10, default: 'running' })
  status!: BroadcastStatus;

  /** Recipients of the segment that got a row. */
  @Column({ type: 'integer', default: 0 })
  total!: number;

  /** Recipients of the segment without an enabled Telegram link (no row). */
  @Column({ type: 'integer', default: 0 })
  skipped!: number;

  @Column({ type: 'varchar', length: 60 })
  notificationType!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
