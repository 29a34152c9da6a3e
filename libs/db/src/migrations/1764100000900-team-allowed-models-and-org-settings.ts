import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `teams.allowed_models`: the models a team may use (empty = every model of the org's catalog);
 * model-access approvals add to it. `organizations.break_glass_login_enabled`: whether the local
 * password login is allowed for the org (SSO may turn it off).
 */
export class TeamAllowedModelsAndOrgSettings1764100000900 implements MigrationInterface {
  name = 'TeamAllowedModelsAndOrgSettings1764100000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE teams ADD COLUMN allowed_models text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query('ALTER TABLE organizations ADD COLUMN break_glass_login_enabled boolean NOT NULL DEFAULT true');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE organizations DROP COLUMN break_glass_login_enabled');
    await queryRunner.query('ALTER TABLE teams DROP COLUMN allowed_models');
  }
}
