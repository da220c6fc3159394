import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Telegram users or chats the service ignores: their updates are stored, then skipped. */
@Entity({ name: 'telegram_blocked_users' })
export class TelegramBlockedUser {
  /** A user id (their private chat has the same id) or a group's chat id. */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_telegram_blocked_users' })
  telegramId!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  /** The CRM user who banned it. */
  @Column({ type: 'uuid', nullable: true })
  bannedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
