import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * webhooks: where an organization's alerts go (generic JSON signed with an HMAC secret, or a Slack
 * incoming webhook). The secret is sealed with the KEK like provider credentials.
 * webhook_deliveries: one row per (webhook, alert dedupe key) — the unique pair is what makes the
 * worker deliver each alert condition at most once per webhook; it is also the delivery log.
 */
export class Webhooks1764100001300 implements MigrationInterface {
  name = 'Webhooks1764100001300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL,
        url text NOT NULL,
        kind text NOT NULL CONSTRAINT webhooks_kind_check CHECK (kind IN ('generic', 'slack')),
        secret_ciphertext bytea,
        secret_key_id text,
        event_kinds text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhooks_secret_key_id_check CHECK ((secret_ciphertext IS NULL) = (secret_key_id IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX webhooks_org_created_idx ON webhooks (org_id, created_at DESC, id DESC)');
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        alert_id uuid NOT NULL,
        alert_kind text NOT NULL,
        dedupe_key text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        response_status integer,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT webhook_deliveries_once UNIQUE (webhook_id, dedupe_key)
      )`);
    await queryRunner.query('CREATE INDEX webhook_deliveries_webhook_created_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_deliveries');
    await queryRunner.query('DROP TABLE webhooks');
  }
}
