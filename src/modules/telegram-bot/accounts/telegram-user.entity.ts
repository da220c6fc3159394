import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface ConversationTurn {
  role: 'user' | 'assistant';
  text: string;
  at: string;
}

/**
 * Every Telegram account that talks to the bot, keyed by its private chat (whose id equals
 * the user's id), with its CRM sign-in and login throttling.
 */
@Entity({ name: 'telegram_users' })
@Index('ix_telegram_users_user_id', ['userId'])
export class TelegramUser {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_telegram_users' })
  chatId!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  telegramUsername!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  telegramFirstName!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  telegramLastName!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  languageCode!: string | null;

  /** The CRM user this chat is signed in as. */
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'boolean', default: false })
  isAuthenticated!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  signedInAt!: Date | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  pendingEmail!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  authCode!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  authCodeExpiresAt!: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  conversationState!: string | null;

  @Column({ type: 'jsonb', default: [] })
  conversationHistory!: ConversationTurn[];

  @Column({ type: 'varchar', length: 64, nullable: true })
  conversationId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lastCommandUsed!: string | null;

  /** Wrong passwords in a row; the third locks the chat out of /login until `loginLockedUntil`. */
  @Column({ type: 'int', default: 0 })
  failedLoginAttempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  loginLockedUntil!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
