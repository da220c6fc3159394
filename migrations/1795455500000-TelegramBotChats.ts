import { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramBotChats1795455500000 implements MigrationInterface {
  name = 'TelegramBotChats1795455500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "telegram_bot_chats" ("chat_id" bigint NOT NULL, "type" character varying(16) NOT NULL, "title" character varying(255), "username" character varying(64), "bot_status" character varying(16), "migrated_to_chat_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_telegram_bot_chats" PRIMARY KEY ("chat_id"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "telegram_bot_chats"');
  }
}
