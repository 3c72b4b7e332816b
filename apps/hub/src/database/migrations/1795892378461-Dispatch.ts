import { MigrationInterface, QueryRunner } from "typeorm";

export class Dispatch1795892378461 implements MigrationInterface {
    name = 'Dispatch1795892378461'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alert_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "user_id" uuid NOT NULL, "channel" text NOT NULL, "round" integer NOT NULL, "kind" text NOT NULL, "state" text NOT NULL DEFAULT 'queued', "enqueued" boolean NOT NULL DEFAULT false, "attempts" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b3d51c95891264fb62df41582ad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_alert_deliveries_outbox" ON "alert_deliveries" ("enqueued", "created_at") WHERE enqueued = false`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_alert_deliveries_once" ON "alert_deliveries" ("alert_id", "user_id", "channel", "round", "kind") `);
        await queryRunner.query(`CREATE TABLE "alert_log" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "alert_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "kind" text NOT NULL, "actor" text, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_481a497232adb6f642b3c8cc06d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_alert_log_alert" ON "alert_log" ("alert_id", "at") `);
        await queryRunner.query(`CREATE TABLE "alert_recipients" ("alert_id" uuid NOT NULL, "user_id" uuid NOT NULL, "round" integer NOT NULL, "functions" text array NOT NULL, "answer" text NOT NULL DEFAULT 'pending', "eta_minutes" integer, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6d4b22d189e727481ebd552e332" PRIMARY KEY ("alert_id", "user_id"))`);
        await queryRunner.query(`CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" text NOT NULL, "scenario_id" text NOT NULL, "scenario" jsonb NOT NULL, "incident_id" uuid, "drill" boolean NOT NULL DEFAULT false, "status" text NOT NULL, "message" text NOT NULL, "round" integer NOT NULL DEFAULT '1', "next_round_at" TIMESTAMP WITH TIME ZONE, "quorum_warning" boolean NOT NULL DEFAULT false, "room_id" text, "floor_id" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_by" text, "all_clear_at" TIMESTAMP WITH TIME ZONE, "all_clear_by" text, CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_alerts_started" ON "alerts" ("started_at") `);
        await queryRunner.query(`CREATE INDEX "ix_alerts_incident" ON "alerts" ("incident_id") `);
        await queryRunner.query(`CREATE TABLE "push_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "endpoint" text NOT NULL, "keys" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_757fc8f00c34f66832668dc2e53" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_push_subscriptions_endpoint" ON "push_subscriptions" ("endpoint") `);
        await queryRunner.query(`CREATE TABLE "responders" ("user_id" uuid NOT NULL, "site_id" text NOT NULL, "organisation_id" text NOT NULL, "functions" text array NOT NULL, "phone" text, "email" text, CONSTRAINT "PK_0701eebf04de4bead65c8b962a6" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "scenarios" ("site_id" text NOT NULL, "id" text NOT NULL, "definition" jsonb NOT NULL, CONSTRAINT "PK_11eeb3c053183e75f7d20db6308" PRIMARY KEY ("site_id", "id"))`);
        await queryRunner.query(`CREATE TABLE "settings" ("key" text NOT NULL, "value" jsonb NOT NULL, CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "settings"`);
        await queryRunner.query(`DROP TABLE "scenarios"`);
        await queryRunner.query(`DROP TABLE "responders"`);
        await queryRunner.query(`DROP INDEX "public"."uq_push_subscriptions_endpoint"`);
        await queryRunner.query(`DROP TABLE "push_subscriptions"`);
        await queryRunner.query(`DROP INDEX "public"."ix_alerts_incident"`);
        await queryRunner.query(`DROP INDEX "public"."ix_alerts_started"`);
        await queryRunner.query(`DROP TABLE "alerts"`);
        await queryRunner.query(`DROP TABLE "alert_recipients"`);
        await queryRunner.query(`DROP INDEX "public"."ix_alert_log_alert"`);
        await queryRunner.query(`DROP TABLE "alert_log"`);
        await queryRunner.query(`DROP INDEX "public"."uq_alert_deliveries_once"`);
        await queryRunner.query(`DROP INDEX "public"."ix_alert_deliveries_outbox"`);
        await queryRunner.query(`DROP TABLE "alert_deliveries"`);
    }

}
