import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An organization's own wording of one notification type in one language. Types and languages
 * without a row use the defaults shipped in `default-templates.ts`.
 */
@Entity({ name: 'notification_templates' })
@Index('uq_notification_templates_type_language', ['organizationId', 'notificationType', 'language'], {
  unique: true,
})
export class NotificationTemplate {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification_templates' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'varchar', length: 60 })
  notificationType!: string;

  /** A Telegram `language_code` such as `en`, `ru` or `pt-br` (lower case). */
  @Column({ type: 'varchar', length: 16 })
  language!: string;

  /** Telegram HTML with `{{variables}}`. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'uuid', nullable: true })
  updatedById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
