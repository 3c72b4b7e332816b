import { MigrationInterface, QueryRunner } from "typeorm";

export class IncidentRegister1795899616594 implements MigrationInterface {
    name = 'IncidentRegister1795899616594'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "incident_follow_ups" ("incident_id" uuid NOT NULL, "organisation_id" text, "category" text, "location" text NOT NULL DEFAULT '', "description" text NOT NULL DEFAULT '', "employees" jsonb NOT NULL DEFAULT '[]', "injury" boolean NOT NULL DEFAULT false, "damage" boolean NOT NULL DEFAULT false, "injury_damage_note" text NOT NULL DEFAULT '', "police_called" boolean NOT NULL DEFAULT false, "police_report" jsonb, "aggressor_talk" jsonb, "building_ban" jsonb, "aftercare" jsonb, "measures" text NOT NULL DEFAULT '', "lessons_learned" text NOT NULL DEFAULT '', "status" text NOT NULL DEFAULT 'open', "owner" text, "due_date" date, "reminded_at" TIMESTAMP WITH TIME ZONE, "blocked_badges" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE, "updated_by" text, CONSTRAINT "PK_5425d24e61207fbad731445c991" PRIMARY KEY ("incident_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_follow_ups_due" ON "incident_follow_ups" ("status", "due_date") `);
        await queryRunner.query(`ALTER TABLE "users" ADD "organisation_id" text`);
        await queryRunner.query(`ALTER TABLE "rooms" ADD "organisation_id" text`);
        await queryRunner.query(`ALTER TABLE "rooms" ADD "front_office" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "incident_follow_ups" ADD CONSTRAINT "FK_5425d24e61207fbad731445c991" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incident_follow_ups" DROP CONSTRAINT "FK_5425d24e61207fbad731445c991"`);
        await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "front_office"`);
        await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "organisation_id"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "organisation_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_follow_ups_due"`);
        await queryRunner.query(`DROP TABLE "incident_follow_ups"`);
    }

}
