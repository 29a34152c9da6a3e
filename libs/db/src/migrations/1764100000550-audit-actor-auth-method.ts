import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How the actor of an audit event authenticated (password, oidc, saml, api_key, scim_token …).
 * Part of the hash-chained record (`@sluice/audit`). Adding a column needs no UPDATE, so the
 * append-only triggers stay untouched.
 */
export class AuditActorAuthMethod1764100000550 implements MigrationInterface {
  name = 'AuditActorAuthMethod1764100000550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events ADD COLUMN actor_auth_method text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events DROP COLUMN actor_auth_method');
  }
}
