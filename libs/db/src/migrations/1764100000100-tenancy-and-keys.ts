import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organizations, teams, users, memberships, service accounts and API keys. */
export class TenancyAndKeys1764100000100 implements MigrationInterface {
  name = 'TenancyAndKeys1764100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        slug text NOT NULL CONSTRAINT organizations_slug_key UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT teams_org_name_key UNIQUE (org_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (position('@' in email) > 1),
        display_name text NOT NULL,
        password_hash text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deactivated')),
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))');
    await queryRunner.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        team_id uuid REFERENCES teams (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'team_admin', 'developer', 'auditor', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_user_org_team_key UNIQUE NULLS NOT DISTINCT (user_id, org_id, team_id)
      )`);
    await queryRunner.query('CREATE INDEX memberships_org_idx ON memberships (org_id)');
    await queryRunner.query(`
      CREATE TABLE service_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        team_id uuid REFERENCES teams (id) ON DELETE RESTRICT,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_accounts_org_name_key UNIQUE (org_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        team_id uuid REFERENCES teams (id) ON DELETE RESTRICT,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        service_account_id uuid REFERENCES service_accounts (id) ON DELETE RESTRICT,
        name text NOT NULL,
        display_prefix text NOT NULL,
        hash text NOT NULL CONSTRAINT api_keys_hash_key UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        allowed_models text[] NOT NULL DEFAULT '{}',
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX api_keys_org_team_idx ON api_keys (org_id, team_id)');
    await queryRunner.query('CREATE INDEX api_keys_user_idx ON api_keys (user_id) WHERE user_id IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['api_keys', 'service_accounts', 'memberships', 'users', 'teams', 'organizations']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
