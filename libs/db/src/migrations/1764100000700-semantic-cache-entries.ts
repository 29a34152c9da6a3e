import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The semantic cache (libs/cache): one row per cached chat completion with the embedding of its
 * prompt. Embeddings have a fixed 1536 dimensions (SEMANTIC_CACHE_DIMENSIONS in @sluice/contracts;
 * text-embedding-3-* and most OpenAI-compatible models can be asked for that size). Every lookup
 * filters on the full scope (org, team, model, scope_hash) and expiry; the HNSW index serves large
 * scopes, the btree small ones, and expires_at the expiry sweep. Rows go with their org or team.
 */
export class SemanticCacheEntries1764100000700 implements MigrationInterface {
  name = 'SemanticCacheEntries1764100000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE semantic_cache_entries (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        team_id uuid REFERENCES teams (id) ON DELETE CASCADE,
        model text NOT NULL,
        scope_hash text NOT NULL CHECK (scope_hash ~ '^[0-9a-f]{64}$'),
        embedding vector(1536) NOT NULL,
        response jsonb NOT NULL,
        prompt_chars integer NOT NULL CHECK (prompt_chars >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX semantic_cache_entries_embedding_idx ON semantic_cache_entries USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)',
    );
    await queryRunner.query(
      'CREATE INDEX semantic_cache_entries_scope_idx ON semantic_cache_entries (org_id, team_id, model, scope_hash, expires_at)',
    );
    await queryRunner.query('CREATE INDEX semantic_cache_entries_expires_idx ON semantic_cache_entries (expires_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE semantic_cache_entries');
  }
}
