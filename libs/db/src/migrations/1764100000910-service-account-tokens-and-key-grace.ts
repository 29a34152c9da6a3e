import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service accounts get a role in their org and bearer tokens for the admin API (only the HMAC of a
 * token is stored). API keys keep the previous secret's hash until a rotation's grace period ends.
 */
export class ServiceAccountTokensAndKeyGrace1764100000910 implements MigrationInterface {
  name = 'ServiceAccountTokensAndKeyGrace1764100000910';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE service_accounts
        ADD COLUMN role text NOT NULL DEFAULT 'developer' CHECK (role IN ('admin', 'team_admin', 'developer', 'auditor', 'viewer'))`);
    await queryRunner.query(`
      CREATE TABLE service_account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        service_account_id uuid NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
        name text NOT NULL,
        display_prefix text NOT NULL,
        hash text NOT NULL CONSTRAINT service_account_tokens_hash_key UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX service_account_tokens_account_idx ON service_account_tokens (service_account_id)');
    await queryRunner.query(`
      ALTER TABLE api_keys
        ADD COLUMN previous_hash text CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
        ADD COLUMN previous_hash_expires_at timestamptz,
        ADD CONSTRAINT api_keys_previous_hash_pair CHECK ((previous_hash IS NULL) = (previous_hash_expires_at IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE api_keys DROP CONSTRAINT api_keys_previous_hash_pair, DROP COLUMN previous_hash_expires_at, DROP COLUMN previous_hash');
    await queryRunner.query('DROP TABLE service_account_tokens');
    await queryRunner.query('ALTER TABLE service_accounts DROP COLUMN role');
  }
}
