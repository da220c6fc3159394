import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { NotificationStatus, RecipientType } from '../notifications.constants';
import { NotificationBroadcast } from '../broadcasts/notification-broadcast.entity';

/**
 * The notification outbox (SPEC §5 `telegram_notifications_queue`): one row per message to one
 * chat. PostgreSQL is the truth; the Bull job that carries a row is only a wake-up call.
 */
@Entity({ name: 'telegram_notifications_queue' })
@Index('uq_telegram_notifications_queue_idempotency', ['organizationId', 'idempotencyKey'], { unique: true })
@Index('uq_telegram_notifications_queue_seq', ['seq'], { unique: true })
// The head of each chat's line (order of sending), and what the sweeper looks at.
@Index('ix_telegram_notifications_queue_chat_line', ['chatId', 'priority', 'seq'], {
  where: `"status" IN ('pending', 'sending')`,
})
@Index('ix_telegram_notifications_queue_open', ['status', 'nextAttemptAt'], {
  where: `"status" IN ('pending', 'sending')`,
})
@Index('ix_telegram_notifications_queue_organization', ['organizationId', 'createdAt'])
@Index('ix_telegram_notifications_queue_broadcast', ['broadcastId', 'status'])
@Index('ix_telegram_notifications_queue_finished', ['status', 'updatedAt'])
@Check('ck_telegram_notifications_queue_status', `"status" IN ('pending', 'sending', 'sent', 'failed', 'cancelled')`)
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_telegram_notifications_queue' })
  id!: string;

  /** Creation order (ties of created_at broken); a string because it is a bigint. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'varchar', length: 10 })
  recipientType!: RecipientType;

  /** The user or client id, or the chat id for `chat`. */
  @Column({ type: 'varchar', length: 64 })
  recipientId!: string;

  /** Where it goes, resolved when the row was written. */
  @Column({ type: 'bigint' })
  chatId!: string;

  /** The language the message was rendered in. */
  @Column({ type: 'varchar', length: 16 })
  language!: string;

  /** `ticket.created`, `direct`, `broadcast`, `invoice.due_soon`, ... */
  @Column({ type: 'varchar', length: 60 })
  notificationType!: string;

  /** The record it is about (a ticket, an invoice, ...), when there is one. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  referenceId!: string | null;

  /** Telegram HTML, rendered and escaped when the row was written. */
  @Column({ type: 'text' })
  message!: string;

  /** `reply_markup` of the message (URL buttons), when it has one. */
  @Column({ type: 'jsonb', nullable: true })
  replyMarkup!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: NotificationStatus;

  /** 1 direct, 2 event, 3 bulk: lower goes first. */
  @Column({ type: 'smallint', default: 2 })
  priority!: number;

  /** Sends that failed for a transient reason (429s are not counted). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** While `sending`: after this the worker is presumed dead and the sweeper takes the row back. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  /** The current Bull job is `n.<id>.<jobSeq>`; a job with another number is stale. */
  @Column({ type: 'integer', default: 0 })
  jobSeq!: number;

  @Column({ type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ type: 'bigint', nullable: true })
  telegramMessageId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  broadcastId!: string | null;

  @ManyToOne(() => NotificationBroadcast, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'broadcast_id', foreignKeyConstraintName: 'fk_telegram_notifications_queue_broadcast' })
  broadcast?: Relation<NotificationBroadcast>;

  /** SPEC §5's flag; the same as status = 'sent'. */
  @Column({ type: 'boolean', default: false })
  sent!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** Telegram's description of the last failure. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The staff user who sent it through the API (null for events and schedules). */
  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
