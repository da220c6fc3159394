import { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramUpdatesInbox1795452718356 implements MigrationInterface {
  name = 'TelegramUpdatesInbox1795452718356';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "telegram_updates" ("update_id" bigint NOT NULL, "chat_key" character varying(40) NOT NULL, "chat_id" bigint, "update_type" character varying(40) NOT NULL, "payload" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "handled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_telegram_updates" PRIMARY KEY ("update_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_telegram_updates_status_received" ON "telegram_updates" ("status", "received_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_telegram_updates_unhandled" ON "telegram_updates" ("chat_key", "update_id") WHERE status IN (\'pending\', \'processing\')',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_telegram_updates_unhandled"');
    await queryRunner.query('DROP INDEX "public"."ix_telegram_updates_status_received"');
    await queryRunner.query('DROP TABLE "telegram_updates"');
  }
}
