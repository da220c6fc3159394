import { MigrationInterface, QueryRunner } from 'typeorm';

export class TelegramUsersAndSessions1795454741497 implements MigrationInterface {
  name = 'TelegramUsersAndSessions1795454741497';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "telegram_bot_sessions" ("key" character varying(100) NOT NULL, "data" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_telegram_bot_sessions" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "telegram_users" ("chat_id" bigint NOT NULL, "telegram_username" character varying(64), "telegram_first_name" character varying(128), "telegram_last_name" character varying(128), "language_code" character varying(16), "user_id" uuid, "is_authenticated" boolean NOT NULL DEFAULT false, "signed_in_at" TIMESTAMP WITH TIME ZONE, "pending_email" character varying(320), "auth_code" character varying(64), "auth_code_expires_at" TIMESTAMP WITH TIME ZONE, "conversation_state" character varying(64), "conversation_history" jsonb NOT NULL DEFAULT \'[]\', "conversation_id" character varying(64), "last_message_at" TIMESTAMP WITH TIME ZONE, "last_command_used" character varying(64), "failed_login_attempts" integer NOT NULL DEFAULT \'0\', "login_locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_telegram_users" PRIMARY KEY ("chat_id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_telegram_users_user_id" ON "telegram_users" ("user_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_telegram_users_user_id"');
    await queryRunner.query('DROP TABLE "telegram_users"');
    await queryRunner.query('DROP TABLE "telegram_bot_sessions"');
  }
}
