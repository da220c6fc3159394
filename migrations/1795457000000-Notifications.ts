import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795457000000 implements MigrationInterface {
  name = 'Notifications1795457000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "notification_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "notification_type" character varying(60) NOT NULL, "language" character varying(16) NOT NULL, "body" text NOT NULL, "updated_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notification_templates" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_notification_templates_type_language" ON "notification_templates" ("organization_id", "notification_type", "language") ',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_broadcasts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "segment" character varying(40) NOT NULL, "segment_ids" jsonb, "status" character varying(10) NOT NULL DEFAULT \'running\', "total" integer NOT NULL DEFAULT \'0\', "skipped" integer NOT NULL DEFAULT \'0\', "notification_type" character varying(60) NOT NULL, "created_by_id" uuid, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_broadcasts_status" CHECK ("status" IN (\'running\', \'paused\', \'cancelled\', \'finished\')), CONSTRAINT "pk_notification_broadcasts" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_notification_broadcasts_organization" ON "notification_broadcasts" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "telegram_notifications_queue" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "organization_id" uuid NOT NULL, "recipient_type" character varying(10) NOT NULL, "recipient_id" character varying(64) NOT NULL, "chat_id" bigint NOT NULL, "language" character varying(16) NOT NULL, "notification_type" character varying(60) NOT NULL, "reference_id" character varying(100), "message" text NOT NULL, "reply_markup" jsonb, "status" character varying(10) NOT NULL DEFAULT \'pending\', "priority" smallint NOT NULL DEFAULT \'2\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, "job_seq" integer NOT NULL DEFAULT \'0\', "idempotency_key" character varying(200) NOT NULL, "telegram_message_id" bigint, "broadcast_id" uuid, "sent" boolean NOT NULL DEFAULT false, "sent_at" TIMESTAMP WITH TIME ZONE, "error" text, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_telegram_notifications_queue_status" CHECK ("status" IN (\'pending\', \'sending\', \'sent\', \'failed\', \'cancelled\')), CONSTRAINT "pk_telegram_notifications_queue" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_telegram_notifications_queue_finished" ON "telegram_notifications_queue" ("status", "updated_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_telegram_notifications_queue_broadcast" ON "telegram_notifications_queue" ("broadcast_id", "status") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_telegram_notifications_queue_organization" ON "telegram_notifications_queue" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_telegram_notifications_queue_open" ON "telegram_notifications_queue" ("status", "next_attempt_at") WHERE "status" IN (\'pending\', \'sending\')',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_telegram_notifications_queue_chat_line" ON "telegram_notifications_queue" ("chat_id", "priority", "seq") WHERE "status" IN (\'pending\', \'sending\')',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_telegram_notifications_queue_seq" ON "telegram_notifications_queue" ("seq") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_telegram_notifications_queue_idempotency" ON "telegram_notifications_queue" ("organization_id", "idempotency_key") ',
    );
    await queryRunner.query(
      'ALTER TABLE "telegram_notifications_queue" ADD CONSTRAINT "fk_telegram_notifications_queue_broadcast" FOREIGN KEY ("broadcast_id") REFERENCES "notification_broadcasts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "telegram_notifications_queue" DROP CONSTRAINT "fk_telegram_notifications_queue_broadcast"',
    );
    await queryRunner.query('DROP INDEX "public"."uq_telegram_notifications_queue_idempotency"');
    await queryRunner.query('DROP INDEX "public"."uq_telegram_notifications_queue_seq"');
    await queryRunner.query('DROP INDEX "public"."ix_telegram_notifications_queue_chat_line"');
    await queryRunner.query('DROP INDEX "public"."ix_telegram_notifications_queue_open"');
    await queryRunner.query('DROP INDEX "public"."ix_telegram_notifications_queue_organization"');
    await queryRunner.query('DROP INDEX "public"."ix_telegram_notifications_queue_broadcast"');
    await queryRunner.query('DROP INDEX "public"."ix_telegram_notifications_queue_finished"');
    await queryRunner.query('DROP TABLE "telegram_notifications_queue"');
    await queryRunner.query('DROP INDEX "public"."ix_notification_broadcasts_organization"');
    await queryRunner.query('DROP TABLE "notification_broadcasts"');
    await queryRunner.query('DROP INDEX "public"."uq_notification_templates_type_language"');
    await queryRunner.query('DROP TABLE "notification_templates"');
  }
}
