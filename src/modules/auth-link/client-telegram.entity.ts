import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The Telegram account of a CRM client (a `customers` row, SPEC §5), where staff messages to
 * the client go, and the one link token it may have pending.
 */
@Entity({ name: 'client_telegram' })
@Index('uq_client_telegram_client_id', ['clientId'], { unique: true })
@Index('uq_client_telegram_telegram_user_id', ['telegramUserId'], { unique: true })
@Index('uq_client_telegram_connection_token', ['connectionToken'], { unique: true })
export class ClientTelegram {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_client_telegram' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  /** The `customers` row. */
  @Column({ type: 'uuid' })
  clientId!: string;

  @Column({ type: 'bigint', nullable: true })
  telegramUserId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  telegramUsername!: string | null;

  /** The client's user account the linked chat is signed in as (when the client linked it themselves). */
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  /** Hex SHA-256 of the pending link token; null once used. */
  @Column({ type: 'char', length: 64, nullable: true })
  connectionToken!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  tokenExpiresAt!: Date | null;

  /**
   * Whom the pending token signs in: the client's own user when they made the link, null when
   * staff made it (staff must not get a client's session by opening the link themselves).
   */
  @Column({ type: 'uuid', nullable: true })
  tokenUserId!: string | null;

  /** Who made the pending token (staff or the client's user). */
  @Column({ type: 'uuid', nullable: true })
  tokenCreatedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  linkedAt!: Date | null;

  /** False once Telegram refused a message for good (the client blocked the bot). */
  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  disabledReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
