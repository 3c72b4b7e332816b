import { MigrationInterface, QueryRunner } from "typeorm";

export class IncidentTimeIndex1795901076091 implements MigrationInterface {
    name = 'IncidentTimeIndex1795901076091'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_incidents_opened" ON "incidents" ("opened_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_incidents_opened"`);
    }

}
