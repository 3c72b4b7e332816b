import { MigrationInterface, QueryRunner } from "typeorm";

export class AccessControl1795893953101 implements MigrationInterface {
    name = 'AccessControl1795893953101'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "access_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "site_id" text NOT NULL, "door_id" text NOT NULL, "event_id" text NOT NULL, "ts" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "badge" text NOT NULL, "direction" text NOT NULL, "result" text NOT NULL, "reason" text, "cardholder_id" uuid, "organisation" text, CONSTRAINT "PK_bd09621fb73b42d9e32b85ae41f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_access_log_denied_ts" ON "access_log" ("ts", "id") WHERE result = 'denied'`);
        await queryRunner.query(`CREATE INDEX "ix_access_log_organisation_ts" ON "access_log" ("organisation", "ts", "id") WHERE organisation IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_access_log_badge_ts" ON "access_log" ("badge", "ts", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_access_log_cardholder_ts" ON "access_log" ("cardholder_id", "ts", "id") WHERE cardholder_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_access_log_door_ts" ON "access_log" ("door_id", "ts", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_access_log_ts" ON "access_log" ("ts", "id") `);
        await queryRunner.query(`CREATE TABLE "access_settings" ("site_id" text NOT NULL, "timezone" text NOT NULL, "retention_days" integer NOT NULL DEFAULT '90', "presence_reset_time" text NOT NULL DEFAULT '04:00', "opening_hours" jsonb NOT NULL DEFAULT '{}', "door_rules" jsonb NOT NULL, "doors" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_6f608c0964fb2e8c792d61242b9" PRIMARY KEY ("site_id"))`);
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor" text NOT NULL, "action" text NOT NULL, "filter" jsonb NOT NULL DEFAULT '{}', "purpose" text, "row_count" integer, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at") `);
        await queryRunner.query(`CREATE TABLE "badge_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "badge" text NOT NULL, "action" text NOT NULL, "reason" text, "note" text, "actor" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c4dc08fc19b95e419438c1d1040" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_badge_actions_badge_at" ON "badge_actions" ("badge", "at") `);
        await queryRunner.query(`CREATE TABLE "badges" ("number" text NOT NULL, "cardholder_id" uuid NOT NULL, "blocked" boolean NOT NULL DEFAULT false, "block_reason" text, "block_note" text, "blocked_at" TIMESTAMP WITH TIME ZONE, "blocked_by" text, "valid_until" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dfc8f7ff96958c1b4eb7e4ffe0a" PRIMARY KEY ("number"))`);
        await queryRunner.query(`CREATE INDEX "ix_badges_cardholder" ON "badges" ("cardholder_id") `);
        await queryRunner.query(`CREATE TABLE "cardholders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" text NOT NULL, "external_id" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "organisation_id" text, "bhv_functions" text array NOT NULL DEFAULT '{}', "username" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_cardholders_site_external" UNIQUE ("site_id", "external_id"), CONSTRAINT "PK_d4d3e15d66971234e4536881944" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_cardholders_username" ON "cardholders" ("username") WHERE username IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "evacuation_people" ("evacuation_id" uuid NOT NULL, "cardholder_id" uuid NOT NULL, "name" text NOT NULL, "organisation" text, "status" text NOT NULL DEFAULT 'missing', "last_door_id" text, "last_direction" text, "last_seen_at" TIMESTAMP WITH TIME ZONE, "accounted_by" text, "accounted_at" TIMESTAMP WITH TIME ZONE, "left_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_42220f0e27930e356ecdea05f4e" PRIMARY KEY ("evacuation_id", "cardholder_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_evacuation_people_cardholder" ON "evacuation_people" ("cardholder_id") `);
        await queryRunner.query(`CREATE TABLE "evacuations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" text NOT NULL, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_by" text NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" text, CONSTRAINT "PK_76ce1236d53075643dca5b02904" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_evacuations_active_site" ON "evacuations" ("site_id") WHERE status = 'active'`);
        await queryRunner.query(`CREATE TABLE "presence" ("cardholder_id" uuid NOT NULL, "site_id" text NOT NULL, "direction" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "door_id" text NOT NULL, CONSTRAINT "PK_f3bcdc07fb7623e6e2f96f7c12f" PRIMARY KEY ("cardholder_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_presence_site_at" ON "presence" ("site_id", "at") `);
        await queryRunner.query(`ALTER TABLE "device_commands" ADD "correlation_id" uuid`);
        await queryRunner.query(`CREATE INDEX "ix_device_commands_correlation" ON "device_commands" ("correlation_id") WHERE correlation_id IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_device_commands_correlation"`);
        await queryRunner.query(`ALTER TABLE "device_commands" DROP COLUMN "correlation_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_presence_site_at"`);
        await queryRunner.query(`DROP TABLE "presence"`);
        await queryRunner.query(`DROP INDEX "public"."uq_evacuations_active_site"`);
        await queryRunner.query(`DROP TABLE "evacuations"`);
        await queryRunner.query(`DROP INDEX "public"."ix_evacuation_people_cardholder"`);
        await queryRunner.query(`DROP TABLE "evacuation_people"`);
        await queryRunner.query(`DROP INDEX "public"."ix_cardholders_username"`);
        await queryRunner.query(`DROP TABLE "cardholders"`);
        await queryRunner.query(`DROP INDEX "public"."ix_badges_cardholder"`);
        await queryRunner.query(`DROP TABLE "badges"`);
        await queryRunner.query(`DROP INDEX "public"."ix_badge_actions_badge_at"`);
        await queryRunner.query(`DROP TABLE "badge_actions"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_log_at"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
        await queryRunner.query(`DROP TABLE "access_settings"`);
        await queryRunner.query(`DROP INDEX "public"."ix_access_log_ts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_access_log_door_ts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_access_log_cardholder_ts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_access_log_badge_ts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_access_log_organisation_ts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_access_log_denied_ts"`);
        await queryRunner.query(`DROP TABLE "access_log"`);
    }

}
