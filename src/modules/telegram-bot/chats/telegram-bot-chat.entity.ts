import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Every chat the bot is in (or was): its kind and title, and the bot's standing there from
 * `my_chat_member` (member, administrator, left, kicked — `kicked` in a private chat means the
 * user blocked the bot). A group upgraded to a supergroup points at its new id.
 */
@Entity({ name: 'telegram_bot_chats' })
export class TelegramBotChat {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_telegram_bot_chats' })
  chatId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  title!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  botStatus!: string | null;

  @Column({ type: 'bigint', nullable: true })
  migratedToChatId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
