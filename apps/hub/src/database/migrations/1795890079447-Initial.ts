import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795890079447 implements MigrationInterface {
    name = 'Initial1795890079447'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "device_commands" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" text NOT NULL, "device_id" text NOT NULL, "type" text NOT NULL, "params" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'queued', "enqueued" boolean NOT NULL DEFAULT false, "attempts" integer NOT NULL DEFAULT '0', "incident_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "acked_at" TIMESTAMP WITH TIME ZONE, "error" text, CONSTRAINT "PK_08a3f976a83bbf1754fbf4088c7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_device_commands_pending" ON "device_commands" ("enqueued", "created_at") WHERE enqueued = false`);
        await queryRunner.query(`CREATE TABLE "devices" ("id" text NOT NULL, "site_id" text NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "floor_id" text NOT NULL, "room_id" text, "pos_x" real NOT NULL, "pos_y" real NOT NULL, "heartbeat_seconds" integer NOT NULL, "online" boolean NOT NULL DEFAULT false, "last_seen" TIMESTAMP WITH TIME ZONE, "battery" integer, "rssi" integer, "fw" text, "tamper" boolean NOT NULL DEFAULT false, "door_state" text, CONSTRAINT "PK_b1514758245c12daf43486dd1f0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_devices_site" ON "devices" ("site_id") `);
        await queryRunner.query(`CREATE TABLE "incidents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "site_id" text NOT NULL, "kind" text NOT NULL, "type" text NOT NULL, "priority" integer NOT NULL, "status" text NOT NULL, "silent" boolean NOT NULL DEFAULT false, "device_id" text, "room_id" text, "floor_id" text, "trigger_count" integer NOT NULL DEFAULT '1', "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_trigger_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" text, "outcome" text, "note" text, CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_incidents_status_opened" ON "incidents" ("status", "opened_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_incidents_active_device_type" ON "incidents" ("device_id", "type") WHERE status <> 'resolved'`);
        await queryRunner.query(`CREATE TABLE "incident_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "incident_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "actor" text, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_1230e0a50df3503eed115634297" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_incident_events_incident" ON "incident_events" ("incident_id", "at") `);
        await queryRunner.query(`CREATE TABLE "device_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "site_id" text NOT NULL, "device_id" text NOT NULL, "event_id" text NOT NULL, "type" text NOT NULL, "ts" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "payload" jsonb NOT NULL, CONSTRAINT "uq_device_events_device_event" UNIQUE ("device_id", "event_id"), CONSTRAINT "PK_808a12fa2283a05c70277d1bfd7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_device_events_ts" ON "device_events" ("ts") `);
        await queryRunner.query(`CREATE INDEX "ix_device_events_device_ts" ON "device_events" ("device_id", "ts") `);
        await queryRunner.query(`CREATE TABLE "quarantine" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "topic" text NOT NULL, "reason" text NOT NULL, "detail" text NOT NULL, "payload_head" text NOT NULL, "size" integer NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c1cbd36649a09294e417ae639fa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_quarantine_received" ON "quarantine" ("received_at") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL, "is_demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "floors" ("site_id" text NOT NULL, "id" text NOT NULL, "name" text NOT NULL, "level" integer NOT NULL, "plan_svg" text NOT NULL, "view_box" text NOT NULL, CONSTRAINT "PK_56e7744c384476a2849a0a6b3c1" PRIMARY KEY ("site_id", "id"))`);
        await queryRunner.query(`CREATE TABLE "organisations" ("site_id" text NOT NULL, "id" text NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_55cb9f576fa53c06b28fe94e915" PRIMARY KEY ("site_id", "id"))`);
        await queryRunner.query(`CREATE TABLE "rooms" ("site_id" text NOT NULL, "id" text NOT NULL, "floor_id" text NOT NULL, "name" text NOT NULL, "rect" jsonb NOT NULL, CONSTRAINT "PK_e3525270a1751a0777da735e406" PRIMARY KEY ("site_id", "id"))`);
        await queryRunner.query(`CREATE TABLE "sites" ("id" text NOT NULL, "name" text NOT NULL, "timezone" text NOT NULL, "instructions" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f5eccb1dfde10c9170502595a7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "incident_events" ADD CONSTRAINT "FK_390f216bd2d62482f4a2602b5e8" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incident_events" DROP CONSTRAINT "FK_390f216bd2d62482f4a2602b5e8"`);
        await queryRunner.query(`DROP TABLE "sites"`);
        await queryRunner.query(`DROP TABLE "rooms"`);
        await queryRunner.query(`DROP TABLE "organisations"`);
        await queryRunner.query(`DROP TABLE "floors"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."ix_quarantine_received"`);
        await queryRunner.query(`DROP TABLE "quarantine"`);
        await queryRunner.query(`DROP INDEX "public"."ix_device_events_device_ts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_device_events_ts"`);
        await queryRunner.query(`DROP TABLE "device_events"`);
        await queryRunner.query(`DROP INDEX "public"."ix_incident_events_incident"`);
        await queryRunner.query(`DROP TABLE "incident_events"`);
        await queryRunner.query(`DROP INDEX "public"."uq_incidents_active_device_type"`);
        await queryRunner.query(`DROP INDEX "public"."ix_incidents_status_opened"`);
        await queryRunner.query(`DROP TABLE "incidents"`);
        await queryRunner.query(`DROP INDEX "public"."ix_devices_site"`);
        await queryRunner.query(`DROP TABLE "devices"`);
        await queryRunner.query(`DROP INDEX "public"."ix_device_commands_pending"`);
        await queryRunner.query(`DROP TABLE "device_commands"`);
    }

}
