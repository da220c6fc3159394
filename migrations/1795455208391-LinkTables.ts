import { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkTables1795455208391 implements MigrationInterface {
  name = 'LinkTables1795455208391';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "user_telegram" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "telegram_user_id" bigint, "telegram_username" character varying(64), "connection_token" character(64), "token_expires_at" TIMESTAMP WITH TIME ZONE, "linked_at" TIMESTAMP WITH TIME ZONE, "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_telegram" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_user_telegram_connection_token" ON "user_telegram" ("connection_token") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_user_telegram_telegram_user_id" ON "user_telegram" ("telegram_user_id") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_user_telegram_user_id" ON "user_telegram" ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "client_telegram" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "client_id" uuid NOT NULL, "telegram_user_id" bigint, "telegram_username" character varying(64), "user_id" uuid, "connection_token" character(64), "token_expires_at" TIMESTAMP WITH TIME ZONE, "token_user_id" uuid, "token_created_by_id" uuid, "linked_at" TIMESTAMP WITH TIME ZONE, "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_client_telegram" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_client_telegram_connection_token" ON "client_telegram" ("connection_token") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_client_telegram_telegram_user_id" ON "client_telegram" ("telegram_user_id") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_client_telegram_client_id" ON "client_telegram" ("client_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_client_telegram_client_id"');
    await queryRunner.query('DROP INDEX "public"."uq_client_telegram_telegram_user_id"');
    await queryRunner.query('DROP INDEX "public"."uq_client_telegram_connection_token"');
    await queryRunner.query('DROP TABLE "client_telegram"');
    await queryRunner.query('DROP INDEX "public"."uq_user_telegram_user_id"');
    await queryRunner.query('DROP INDEX "public"."uq_user_telegram_telegram_user_id"');
    await queryRunner.query('DROP INDEX "public"."uq_user_telegram_connection_token"');
    await queryRunner.query('DROP TABLE "user_telegram"');
  }
}
