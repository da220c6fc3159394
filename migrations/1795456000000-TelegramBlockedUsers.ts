import { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramBlockedUsers1795456000000 implements MigrationInterface {
  name = 'TelegramBlockedUsers1795456000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "telegram_blocked_users" ("telegram_id" bigint NOT NULL, "reason" character varying(500), "banned_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_telegram_blocked_users" PRIMARY KEY ("telegram_id"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "telegram_blocked_users"');
  }
}
