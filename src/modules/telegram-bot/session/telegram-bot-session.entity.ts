import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Telegraf session and scene state, one row per session key (chat and user), shared by every instance. */
@Entity({ name: 'telegram_bot_sessions' })
export class TelegramBotSession {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_telegram_bot_sessions' })
  key!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
