import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The hour a digest goes out when a user has not chosen one. */
export const DEFAULT_DIGEST_HOUR = 9;

/**
 * A staff user's choices for the daily digest. No row: on, at 09:00 in the digest schedule's
 * time zone (the CRM has no time zone of its own for users or organizations).
 */
@Entity({ name: 'notification_digest_settings' })
@Index('ix_notification_digest_settings_organization', ['organizationId'])
@Check('ck_notification_digest_settings_hour', '"hour" BETWEEN 0 AND 23')
export class DigestSetting {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_notification_digest_settings' })
  userId!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Local hour (0-23) from which the day's digest may go. */
  @Column({ type: 'smallint', default: DEFAULT_DIGEST_HOUR })
  hour!: number;

  /** IANA time zone; null: the digest schedule's. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  timeZone!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
