import { MigrationInterface, QueryRunner } from "typeorm";

export class FollowUpRetention1795902378934 implements MigrationInterface {
    name = 'FollowUpRetention1795902378934'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incident_follow_ups" ADD "personal_data_erased_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incident_follow_ups" DROP COLUMN "personal_data_erased_at"`);
    }

}
