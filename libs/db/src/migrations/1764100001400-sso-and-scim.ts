import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SSO and provisioning: per-org OIDC/SAML connections (client secret sealed with the KEK), IdP group →
 * role/team mappings, the IdP subject ↔ user links, which memberships were granted by SSO or SCIM
 * (only those are ever removed again), SCIM tokens (hashed), SCIM users/groups, and the break-glass
 * admin's TOTP secret (sealed).
 */
export class SsoAndScim1764100001400 implements MigrationInterface {
  name = 'SsoAndScim1764100001400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sso_connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('oidc', 'saml')),
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        settings jsonb NOT NULL DEFAULT '{}',
        client_secret_sealed bytea,
        client_secret_key_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sso_connections_org_name_key UNIQUE (org_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE sso_group_mappings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
        idp_group text NOT NULL CHECK (length(idp_group) BETWEEN 1 AND 512),
        org_role text CHECK (org_role IN ('owner', 'admin', 'team_admin', 'developer', 'auditor', 'viewer')),
        team_id uuid REFERENCES teams (id) ON DELETE CASCADE,
        team_role text CHECK (team_role IN ('team_admin', 'developer', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (org_role IS NOT NULL OR team_id IS NOT NULL),
        CHECK ((team_id IS NULL) = (team_role IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX sso_group_mappings_connection_idx ON sso_group_mappings (connection_id)');
    await queryRunner.query(`
      CREATE TABLE sso_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES sso_connections (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        subject text NOT NULL,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sso_identities_connection_subject_key UNIQUE (connection_id, subject)
      )`);
    await queryRunner.query(`
      CREATE TABLE provisioned_memberships (
        membership_id uuid PRIMARY KEY REFERENCES memberships (id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('sso', 'scim')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE scim_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL,
        display_prefix text NOT NULL,
        hash text NOT NULL CONSTRAINT scim_tokens_hash_key UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        revoke_keys_on_deactivate boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE scim_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        external_id text,
        user_name text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scim_users_org_user_key UNIQUE (org_id, user_id)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX scim_users_org_user_name_key ON scim_users (org_id, lower(user_name))');
    await queryRunner.query(`
      CREATE TABLE scim_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        display_name text NOT NULL,
        external_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scim_groups_org_display_name_key UNIQUE (org_id, display_name)
      )`);
    await queryRunner.query(`
      CREATE TABLE scim_group_members (
        group_id uuid NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
        scim_user_id uuid NOT NULL REFERENCES scim_users (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, scim_user_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE totp_credentials (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret_sealed bytea NOT NULL,
        secret_key_id text NOT NULL,
        enabled_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['totp_credentials', 'scim_group_members', 'scim_groups', 'scim_users', 'scim_tokens', 'provisioned_memberships', 'sso_identities', 'sso_group_mappings', 'sso_connections']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
