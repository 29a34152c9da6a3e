import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Governance policies stored per organization (`policies`, spec validated by the gateway's own zod
 * schemas before it is written) and where they apply (`policy_attachments`). At most one policy of a
 * kind per scope: the composite foreign key copies the policy's kind onto the attachment so the
 * unique (kind, scope_type, scope_id) constraint can enforce it. Scope ids point at organizations,
 * teams, users or api_keys (polymorphic, so checked by the admin API, not by a foreign key).
 */
export class Policies1764100001100 implements MigrationInterface {
  name = 'Policies1764100001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('rate_limit', 'budget', 'cache', 'guardrail', 'logging')),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        spec jsonb NOT NULL CHECK (jsonb_typeof(spec) = 'object'),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT policies_org_name_key UNIQUE (org_id, name),
        CONSTRAINT policies_id_kind_key UNIQUE (id, kind)
      )`);
    await queryRunner.query(`
      CREATE TABLE policy_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        policy_id uuid NOT NULL,
        kind text NOT NULL,
        scope_type text NOT NULL CHECK (scope_type IN ('org', 'team', 'user', 'key')),
        scope_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT policy_attachments_policy_fkey FOREIGN KEY (policy_id, kind) REFERENCES policies (id, kind) ON DELETE RESTRICT,
        CONSTRAINT policy_attachments_kind_scope_key UNIQUE (kind, scope_type, scope_id)
      )`);
    await queryRunner.query('CREATE INDEX policy_attachments_policy_idx ON policy_attachments (policy_id)');
    await queryRunner.query('CREATE INDEX policy_attachments_org_idx ON policy_attachments (org_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE policy_attachments');
    await queryRunner.query('DROP TABLE policies');
  }
}
