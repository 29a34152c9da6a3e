import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Providers, the model catalog, deployments and the data-plane config version. */
export class CatalogAndRouting1764100000200 implements MigrationInterface {
  name = 'CatalogAndRouting1764100000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const providerTypes = "('openai', 'azure-openai', 'anthropic', 'gemini', 'bedrock', 'openai-compatible')";
    await queryRunner.query(`
      CREATE TABLE providers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ${providerTypes}),
        base_url text NOT NULL,
        credentials_ciphertext bytea,
        credentials_key_id text,
        options jsonb NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT providers_org_name_key UNIQUE (org_id, name),
        CONSTRAINT providers_credentials_key_id_check CHECK ((credentials_ciphertext IS NULL) = (credentials_key_id IS NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        name text NOT NULL,
        family text NOT NULL,
        provider_type text NOT NULL CHECK (provider_type IN ${providerTypes}),
        context_window integer NOT NULL CHECK (context_window > 0),
        max_output_tokens integer CHECK (max_output_tokens > 0),
        input_price_per_1m numeric(12, 6) NOT NULL CHECK (input_price_per_1m >= 0),
        output_price_per_1m numeric(12, 6) NOT NULL CHECK (output_price_per_1m >= 0),
        cached_input_price_per_1m numeric(12, 6) CHECK (cached_input_price_per_1m >= 0),
        modalities text[] NOT NULL DEFAULT '{}',
        capabilities text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'ga' CHECK (status IN ('preview', 'ga', 'deprecated')),
        deprecation_date date,
        description text NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT models_org_name_key UNIQUE (org_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES models (id) ON DELETE CASCADE,
        provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
        upstream_model text NOT NULL,
        weight integer NOT NULL DEFAULT 1 CHECK (weight > 0),
        priority integer NOT NULL DEFAULT 0 CHECK (priority >= 0),
        timeout_ms integer NOT NULL DEFAULT 60000 CHECK (timeout_ms > 0),
        rpm integer CHECK (rpm > 0),
        tpm integer CHECK (tpm > 0),
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deployments_model_provider_upstream_key UNIQUE (model_id, provider_id, upstream_model)
      )`);
    await queryRunner.query('CREATE INDEX deployments_provider_idx ON deployments (provider_id)');
    await queryRunner.query(`
      CREATE TABLE config_versions (
        id smallint PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL CHECK (version >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('INSERT INTO config_versions (id, version) VALUES (1, 1)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['config_versions', 'deployments', 'models', 'providers']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
