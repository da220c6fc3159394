import { MigrationInterface, QueryRunner } from 'typeorm';

export class CrmSchema1795452996675 implements MigrationInterface {
  name = 'CrmSchema1795452996675';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "invoice_sequence" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_organizations" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "customers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(320), "phone" character varying(50), "company" character varying(200), "notes" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_customers" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_customers_organization_email" ON "customers" ("organization_id", "email") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_customers_organization_created" ON "customers" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "name" character varying(200) NOT NULL, "password_hash" text NOT NULL, "role" character varying(20) NOT NULL, "customer_id" uuid, "disabled_at" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_users_customer_link" CHECK (("role" = \'customer\') = ("customer_id" IS NOT NULL)), CONSTRAINT "ck_users_role" CHECK ("role" IN (\'vendor\', \'employee\', \'customer\')), CONSTRAINT "pk_users" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_users_customer" ON "users" ("customer_id") ');
    await queryRunner.query('CREATE INDEX "ix_users_organization_role" ON "users" ("organization_id", "role") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email") ');
    await queryRunner.query(
      'CREATE TABLE "tickets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "subject" character varying(200) NOT NULL, "description" text, "status" character varying(20) NOT NULL DEFAULT \'open\', "priority" character varying(20) NOT NULL DEFAULT \'normal\', "assignee_id" uuid, "created_by_id" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_tickets_priority" CHECK ("priority" IN (\'low\', \'normal\', \'high\', \'urgent\')), CONSTRAINT "ck_tickets_status" CHECK ("status" IN (\'open\', \'in_progress\', \'resolved\', \'closed\')), CONSTRAINT "pk_tickets" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_tickets_organization_created" ON "tickets" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_tickets_organization_customer" ON "tickets" ("organization_id", "customer_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_tickets_organization_assignee" ON "tickets" ("organization_id", "assignee_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_tickets_organization_status" ON "tickets" ("organization_id", "status") ',
    );
    await queryRunner.query(
      'CREATE TABLE "ticket_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "author_id" uuid, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_ticket_comments" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_ticket_comments_organization" ON "ticket_comments" ("organization_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_ticket_comments_ticket_created" ON "ticket_comments" ("ticket_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "deals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "customer_id" uuid NOT NULL, "stage" character varying(20) NOT NULL DEFAULT \'new\', "amount_minor" bigint NOT NULL DEFAULT \'0\', "currency" character(3) NOT NULL, "assignee_id" uuid, "expected_close_date" date, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_deals_currency" CHECK ("currency" ~ \'^[A-Z]{3}$\'), CONSTRAINT "ck_deals_amount" CHECK ("amount_minor" >= 0), CONSTRAINT "ck_deals_stage" CHECK ("stage" IN (\'new\', \'qualified\', \'proposal\', \'negotiation\', \'won\', \'lost\')), CONSTRAINT "pk_deals" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_deals_organization_created" ON "deals" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_deals_organization_customer" ON "deals" ("organization_id", "customer_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_deals_organization_assignee" ON "deals" ("organization_id", "assignee_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_deals_organization_stage" ON "deals" ("organization_id", "stage") ');
    await queryRunner.query(
      'CREATE TABLE "invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "deal_id" uuid, "number" character varying(30) NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'draft\', "currency" character(3) NOT NULL, "amount_minor" bigint NOT NULL, "paid_minor" bigint NOT NULL DEFAULT \'0\', "description" text, "due_date" date, "issued_at" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_invoices_currency" CHECK ("currency" ~ \'^[A-Z]{3}$\'), CONSTRAINT "ck_invoices_amounts" CHECK ("amount_minor" >= 0 AND "paid_minor" >= 0), CONSTRAINT "ck_invoices_status" CHECK ("status" IN (\'draft\', \'sent\', \'paid\', \'overdue\', \'void\')), CONSTRAINT "pk_invoices" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_invoices_status_due" ON "invoices" ("status", "due_date") ');
    await queryRunner.query(
      'CREATE INDEX "ix_invoices_organization_created" ON "invoices" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_invoices_organization_customer" ON "invoices" ("organization_id", "customer_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_invoices_organization_status_due" ON "invoices" ("organization_id", "status", "due_date") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_invoices_organization_number" ON "invoices" ("organization_id", "number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "amount_minor" bigint NOT NULL, "currency" character(3) NOT NULL, "method" character varying(20) NOT NULL DEFAULT \'other\', "reference" character varying(200), "paid_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_payments_currency" CHECK ("currency" ~ \'^[A-Z]{3}$\'), CONSTRAINT "ck_payments_method" CHECK ("method" IN (\'card\', \'bank_transfer\', \'cash\', \'other\')), CONSTRAINT "ck_payments_amount" CHECK ("amount_minor" > 0), CONSTRAINT "pk_payments" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_payments_organization_paid" ON "payments" ("organization_id", "paid_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_payments_organization_customer" ON "payments" ("organization_id", "customer_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_payments_organization_invoice" ON "payments" ("organization_id", "invoice_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(320), "phone" character varying(50), "company" character varying(200), "source" character varying(50), "status" character varying(20) NOT NULL DEFAULT \'new\', "assignee_id" uuid, "notes" text, "converted_customer_id" uuid, "converted_deal_id" uuid, "converted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_leads_status" CHECK ("status" IN (\'new\', \'contacted\', \'qualified\', \'converted\', \'lost\')), CONSTRAINT "pk_leads" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_leads_organization_created" ON "leads" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_leads_organization_assignee" ON "leads" ("organization_id", "assignee_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_leads_organization_status" ON "leads" ("organization_id", "status") ');
    await queryRunner.query(
      'CREATE TABLE "crm_events" ("id" BIGSERIAL NOT NULL, "txid" bigint NOT NULL, "organization_id" uuid NOT NULL, "type" character varying(60) NOT NULL, "aggregate_type" character varying(30) NOT NULL, "aggregate_id" uuid NOT NULL, "actor_user_id" uuid, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_crm_events" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_crm_events_organization_created" ON "crm_events" ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_crm_events_aggregate" ON "crm_events" ("aggregate_type", "aggregate_id", "id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_crm_events_txid_id" ON "crm_events" ("txid", "id") ');
    await queryRunner.query(
      'CREATE TABLE "crm_event_consumers" ("name" character varying(100) NOT NULL, "cursor_txid" bigint NOT NULL, "cursor_event_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_crm_event_consumers" PRIMARY KEY ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "crm_event_deliveries" ("consumer" character varying(100) NOT NULL, "event_id" bigint NOT NULL, "organization_id" uuid NOT NULL, "aggregate_type" character varying(30) NOT NULL, "aggregate_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_crm_event_deliveries_status" CHECK ("status" IN (\'pending\', \'done\', \'failed\')), CONSTRAINT "pk_crm_event_deliveries" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_crm_event_deliveries_organization" ON "crm_event_deliveries" ("organization_id") ',
    );
    await queryRunner.query('CREATE INDEX "ix_crm_event_deliveries_event" ON "crm_event_deliveries" ("event_id") ');
    await queryRunner.query(
      'CREATE INDEX "ix_crm_event_deliveries_aggregate" ON "crm_event_deliveries" ("consumer", "aggregate_type", "aggregate_id", "event_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_crm_event_deliveries_due" ON "crm_event_deliveries" ("consumer", "status", "next_attempt_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character(64) NOT NULL, "created_by_id" uuid NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_api_keys_organization_created" ON "api_keys" ("organization_id", "created_at") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys" ("key_hash") ');
    await queryRunner.query(
      'ALTER TABLE "customers" ADD CONSTRAINT "fk_customers_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "tickets" ADD CONSTRAINT "fk_tickets_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "tickets" ADD CONSTRAINT "fk_tickets_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "tickets" ADD CONSTRAINT "fk_tickets_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "tickets" ADD CONSTRAINT "fk_tickets_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_comments" ADD CONSTRAINT "fk_ticket_comments_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_comments" ADD CONSTRAINT "fk_ticket_comments_ticket" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "ticket_comments" ADD CONSTRAINT "fk_ticket_comments_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deals" ADD CONSTRAINT "fk_deals_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deals" ADD CONSTRAINT "fk_deals_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "deals" ADD CONSTRAINT "fk_deals_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "invoices" ADD CONSTRAINT "fk_invoices_deal" FOREIGN KEY ("deal_id") REFERENCES "deals"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "payments" ADD CONSTRAINT "fk_payments_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "payments" ADD CONSTRAINT "fk_payments_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "payments" ADD CONSTRAINT "fk_payments_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "payments" ADD CONSTRAINT "fk_payments_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "leads" ADD CONSTRAINT "fk_leads_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "leads" ADD CONSTRAINT "fk_leads_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "leads" ADD CONSTRAINT "fk_leads_converted_customer" FOREIGN KEY ("converted_customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "leads" ADD CONSTRAINT "fk_leads_converted_deal" FOREIGN KEY ("converted_deal_id") REFERENCES "deals"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "crm_events" ADD CONSTRAINT "fk_crm_events_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "crm_event_deliveries" ADD CONSTRAINT "fk_crm_event_deliveries_consumer" FOREIGN KEY ("consumer") REFERENCES "crm_event_consumers"("name") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "crm_event_deliveries" ADD CONSTRAINT "fk_crm_event_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "crm_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "crm_event_deliveries" ADD CONSTRAINT "fk_crm_event_deliveries_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_created_by" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_created_by"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_organization"');
    await queryRunner.query(
      'ALTER TABLE "crm_event_deliveries" DROP CONSTRAINT "fk_crm_event_deliveries_organization"',
    );
    await queryRunner.query('ALTER TABLE "crm_event_deliveries" DROP CONSTRAINT "fk_crm_event_deliveries_event"');
    await queryRunner.query('ALTER TABLE "crm_event_deliveries" DROP CONSTRAINT "fk_crm_event_deliveries_consumer"');
    await queryRunner.query('ALTER TABLE "crm_events" DROP CONSTRAINT "fk_crm_events_organization"');
    await queryRunner.query('ALTER TABLE "leads" DROP CONSTRAINT "fk_leads_converted_deal"');
    await queryRunner.query('ALTER TABLE "leads" DROP CONSTRAINT "fk_leads_converted_customer"');
    await queryRunner.query('ALTER TABLE "leads" DROP CONSTRAINT "fk_leads_assignee"');
    await queryRunner.query('ALTER TABLE "leads" DROP CONSTRAINT "fk_leads_organization"');
    await queryRunner.query('ALTER TABLE "payments" DROP CONSTRAINT "fk_payments_recorded_by"');
    await queryRunner.query('ALTER TABLE "payments" DROP CONSTRAINT "fk_payments_customer"');
    await queryRunner.query('ALTER TABLE "payments" DROP CONSTRAINT "fk_payments_invoice"');
    await queryRunner.query('ALTER TABLE "payments" DROP CONSTRAINT "fk_payments_organization"');
    await queryRunner.query('ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_deal"');
    await queryRunner.query('ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_customer"');
    await queryRunner.query('ALTER TABLE "invoices" DROP CONSTRAINT "fk_invoices_organization"');
    await queryRunner.query('ALTER TABLE "deals" DROP CONSTRAINT "fk_deals_assignee"');
    await queryRunner.query('ALTER TABLE "deals" DROP CONSTRAINT "fk_deals_customer"');
    await queryRunner.query('ALTER TABLE "deals" DROP CONSTRAINT "fk_deals_organization"');
    await queryRunner.query('ALTER TABLE "ticket_comments" DROP CONSTRAINT "fk_ticket_comments_author"');
    await queryRunner.query('ALTER TABLE "ticket_comments" DROP CONSTRAINT "fk_ticket_comments_ticket"');
    await queryRunner.query('ALTER TABLE "ticket_comments" DROP CONSTRAINT "fk_ticket_comments_organization"');
    await queryRunner.query('ALTER TABLE "tickets" DROP CONSTRAINT "fk_tickets_created_by"');
    await queryRunner.query('ALTER TABLE "tickets" DROP CONSTRAINT "fk_tickets_assignee"');
    await queryRunner.query('ALTER TABLE "tickets" DROP CONSTRAINT "fk_tickets_customer"');
    await queryRunner.query('ALTER TABLE "tickets" DROP CONSTRAINT "fk_tickets_organization"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "fk_users_customer"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "fk_users_organization"');
    await queryRunner.query('ALTER TABLE "customers" DROP CONSTRAINT "fk_customers_organization"');
    await queryRunner.query('DROP INDEX "public"."uq_api_keys_key_hash"');
    await queryRunner.query('DROP INDEX "public"."ix_api_keys_organization_created"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP INDEX "public"."ix_crm_event_deliveries_due"');
    await queryRunner.query('DROP INDEX "public"."ix_crm_event_deliveries_aggregate"');
    await queryRunner.query('DROP INDEX "public"."ix_crm_event_deliveries_event"');
    await queryRunner.query('DROP INDEX "public"."ix_crm_event_deliveries_organization"');
    await queryRunner.query('DROP TABLE "crm_event_deliveries"');
    await queryRunner.query('DROP TABLE "crm_event_consumers"');
    await queryRunner.query('DROP INDEX "public"."ix_crm_events_txid_id"');
    await queryRunner.query('DROP INDEX "public"."ix_crm_events_aggregate"');
    await queryRunner.query('DROP INDEX "public"."ix_crm_events_organization_created"');
    await queryRunner.query('DROP TABLE "crm_events"');
    await queryRunner.query('DROP INDEX "public"."ix_leads_organization_status"');
    await queryRunner.query('DROP INDEX "public"."ix_leads_organization_assignee"');
    await queryRunner.query('DROP INDEX "public"."ix_leads_organization_created"');
    await queryRunner.query('DROP TABLE "leads"');
    await queryRunner.query('DROP INDEX "public"."ix_payments_organization_invoice"');
    await queryRunner.query('DROP INDEX "public"."ix_payments_organization_customer"');
    await queryRunner.query('DROP INDEX "public"."ix_payments_organization_paid"');
    await queryRunner.query('DROP TABLE "payments"');
    await queryRunner.query('DROP INDEX "public"."uq_invoices_organization_number"');
    await queryRunner.query('DROP INDEX "public"."ix_invoices_organization_status_due"');
    await queryRunner.query('DROP INDEX "public"."ix_invoices_organization_customer"');
    await queryRunner.query('DROP INDEX "public"."ix_invoices_organization_created"');
    await queryRunner.query('DROP INDEX "public"."ix_invoices_status_due"');
    await queryRunner.query('DROP TABLE "invoices"');
    await queryRunner.query('DROP INDEX "public"."ix_deals_organization_stage"');
    await queryRunner.query('DROP INDEX "public"."ix_deals_organization_assignee"');
    await queryRunner.query('DROP INDEX "public"."ix_deals_organization_customer"');
    await queryRunner.query('DROP INDEX "public"."ix_deals_organization_created"');
    await queryRunner.query('DROP TABLE "deals"');
    await queryRunner.query('DROP INDEX "public"."ix_ticket_comments_ticket_created"');
    await queryRunner.query('DROP INDEX "public"."ix_ticket_comments_organization"');
    await queryRunner.query('DROP TABLE "ticket_comments"');
    await queryRunner.query('DROP INDEX "public"."ix_tickets_organization_status"');
    await queryRunner.query('DROP INDEX "public"."ix_tickets_organization_assignee"');
    await queryRunner.query('DROP INDEX "public"."ix_tickets_organization_customer"');
    await queryRunner.query('DROP INDEX "public"."ix_tickets_organization_created"');
    await queryRunner.query('DROP TABLE "tickets"');
    await queryRunner.query('DROP INDEX "public"."uq_users_email"');
    await queryRunner.query('DROP INDEX "public"."ix_users_organization_role"');
    await queryRunner.query('DROP INDEX "public"."ix_users_customer"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP INDEX "public"."ix_customers_organization_created"');
    await queryRunner.query('DROP INDEX "public"."uq_customers_organization_email"');
    await queryRunner.query('DROP TABLE "customers"');
    await queryRunner.query('DROP TABLE "organizations"');
  }
}
