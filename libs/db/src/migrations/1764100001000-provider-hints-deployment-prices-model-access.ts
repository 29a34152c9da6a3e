import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `providers.credentials_hint`: a masked hint of the stored credential (`…abcd`) so admins can tell
 * which one is set without it ever being returned. Per-deployment price overrides (null = the catalog
 * model's price). `model_access_requests`: a team asks for a catalog model, an admin approves (the
 * model is added to `teams.allowed_models`) or denies; at most one pending request per team and model.
 */
export class ProviderHintsDeploymentPricesModelAccess1764100001000 implements MigrationInterface {
  name = 'ProviderHintsDeploymentPricesModelAccess1764100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE providers ADD COLUMN credentials_hint text');
    await queryRunner.query(`
      ALTER TABLE deployments
        ADD COLUMN input_price_per_1m numeric(12, 6) CHECK (input_price_per_1m >= 0),
        ADD COLUMN output_price_per_1m numeric(12, 6) CHECK (output_price_per_1m >= 0),
        ADD COLUMN cached_input_price_per_1m numeric(12, 6) CHECK (cached_input_price_per_1m >= 0)`);
    await queryRunner.query(`
      CREATE TABLE model_access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        reason text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        decision_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT model_access_requests_decided_check CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX model_access_requests_one_pending ON model_access_requests (team_id, model_id) WHERE status = 'pending'`);
    await queryRunner.query('CREATE INDEX model_access_requests_org_created_idx ON model_access_requests (org_id, created_at DESC, id DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE model_access_requests');
    await queryRunner.query('ALTER TABLE deployments DROP COLUMN input_price_per_1m, DROP COLUMN output_price_per_1m, DROP COLUMN cached_input_price_per_1m');
    await queryRunner.query('ALTER TABLE providers DROP COLUMN credentials_hint');
  }
}
