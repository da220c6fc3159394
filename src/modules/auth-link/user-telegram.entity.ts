import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The Telegram account of a CRM staff user (SPEC §5), and the one link token they may have
 * pending. A row outlives a disconnect (the Telegram columns go back to null).
 */
@Entity({ name: 'user_telegram' })
@Index('uq_user_telegram_user_id', ['userId'], { unique: true })
@Index('uq_user_telegram_telegram_user_id', ['telegramUserId'], { unique: true })
@Index('uq_user_telegram_connection_token', ['connectionToken'], { unique: true })
export class UserTelegram {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_user_telegram' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** The linked Telegram account (its private chat has the same id); null when not linked. */
  @Column({ type: 'bigint', nullable: true })
  telegramUserId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  telegramUsername!: string | null;

  /** Hex SHA-256 of the pending link token (the token itself is never stored); null once used. */
  @Column({ type: 'char', length: 64, nullable: true })
  connectionToken!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  tokenExpiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  linkedAt!: Date | null;

  /** False once Telegram refused a message for good (the user blocked the bot). */
  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  disabledReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
