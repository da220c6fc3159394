import { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramFiles1795456500000 implements MigrationInterface {
  name = 'TelegramFiles1795456500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "telegram_files" ("file_unique_id" character varying(100) NOT NULL, "file_id" character varying(255) NOT NULL, "chat_id" bigint NOT NULL, "message_id" integer NOT NULL, "kind" character varying(16) NOT NULL, "file_name" character varying(255), "mime_type" character varying(255), "file_size" bigint, "stored_path" character varying(500), "downloaded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_telegram_files" PRIMARY KEY ("file_unique_id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_telegram_files_chat" ON "telegram_files" ("chat_id", "message_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_telegram_files_chat"');
    await queryRunner.query('DROP TABLE "telegram_files"');
  }
}
