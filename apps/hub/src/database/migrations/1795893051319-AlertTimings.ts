import { MigrationInterface, QueryRunner } from "typeorm";

export class AlertTimings1795893051319 implements MigrationInterface {
    name = 'AlertTimings1795893051319'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "alerts" ADD "first_coming_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "alerts" ADD "quorum_met_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "alerts" DROP COLUMN "quorum_met_at"`);
        await queryRunner.query(`ALTER TABLE "alerts" DROP COLUMN "first_coming_at"`);
    }

}
