import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationSchedules1795458000000 implements MigrationInterface {
  name = 'NotificationSchedules1795458000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "notification_schedules" ("name" character varying(40) NOT NULL, "cron" character varying(100) NOT NULL, "time_zone" character varying(64) NOT NULL DEFAULT \'UTC\', "enabled" boolean NOT NULL DEFAULT true, "last_run_at" TIMESTAMP WITH TIME ZONE, "last_finished_at" TIMESTAMP WITH TIME ZONE, "last_status" character varying(10), "last_result" jsonb, "last_error" text, "updated_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notification_schedules" PRIMARY KEY ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_digest_settings" ("user_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "hour" smallint NOT NULL DEFAULT \'9\', "time_zone" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_digest_settings_hour" CHECK ("hour" BETWEEN 0 AND 23), CONSTRAINT "pk_notification_digest_settings" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_notification_digest_settings_organization" ON "notification_digest_settings" ("organization_id") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_notification_digest_settings_organization"');
    await queryRunner.query('DROP TABLE "notification_digest_settings"');
    await queryRunner.query('DROP TABLE "notification_schedules"');
  }
}
