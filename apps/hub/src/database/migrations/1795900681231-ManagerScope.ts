import { MigrationInterface, QueryRunner } from "typeorm";

export class ManagerScope1795900681231 implements MigrationInterface {
    name = 'ManagerScope1795900681231'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "campus_scope" boolean NOT NULL DEFAULT false`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "campus_scope"`);
    }

}
