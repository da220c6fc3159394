import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A file someone sent the bot (photo, document, voice, ...), and where we keep our copy. */
@Entity({ name: 'telegram_files' })
@Index('ix_telegram_files_chat', ['chatId', 'messageId'])
export class TelegramFile {
  /** Telegram's stable id of the file (the same for every bot and over time). */
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_telegram_files' })
  fileUniqueId!: string;

  /** The id this bot uses to download it (getFile). */
  @Column({ type: 'varchar', length: 255 })
  fileId!: string;

  @Column({ type: 'bigint' })
  chatId!: string;

  @Column({ type: 'int' })
  messageId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  mimeType!: string | null;

  @Column({ type: 'bigint', nullable: true })
  fileSize!: string | null;

  /** Where the downloaded copy is, relative to DATA_DIR/files. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  storedPath!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  downloadedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
