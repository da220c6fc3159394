import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const UPDATE_STATUSES = ['pending', 'processing', 'handled', 'failed', 'skipped'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/**
 * The webhook inbox: every update Telegram delivers is committed here before the 200, then
 * handled in `update_id` order per chat by any worker. Telegram's update ids grow per bot, so
 * they are the key and the order.
 */
@Entity({ name: 'telegram_updates' })
@Index('ix_telegram_updates_unhandled', ['chatKey', 'updateId'], { where: `status IN ('pending', 'processing')` })
@Index('ix_telegram_updates_status_received', ['status', 'receivedAt'])
export class TelegramUpdate {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_telegram_updates' })
  updateId!: string;

  /** What orders the updates: the chat id, else the user id (`u:<id>`), else `none`. */
  @Column({ type: 'varchar', length: 40 })
  chatKey!: string;

  @Column({ type: 'bigint', nullable: true })
  chatId!: string | null;

  /** The update's kind: message, callback_query, my_chat_member, ... */
  @Column({ type: 'varchar', length: 40 })
  updateType!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: UpdateStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** A claim runs until then; a worker that died leaves it to expire and be claimed again. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  handledAt!: Date | null;
}
