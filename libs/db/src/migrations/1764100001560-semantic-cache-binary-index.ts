import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Semantic cache lookups in one round trip, on a compact index (issue #10: p95 < 10 ms, recall@1 ≥ 0.95).
 *
 * - `embedding_bits bit(1536)` = `binary_quantize(embedding)` (one bit per dimension, 192 bytes,
 *   stored inline), kept by a trigger so every writer gets it. The HNSW index moves from the 6 KiB
 *   float vectors (one graph element per 8 KiB page, ≈ 8 GB at 1 M entries) to these bits with
 *   Hamming distance (≈ 12 elements per page, 67 MB instead of 780 MB at 100 k entries). m = 32,
 *   ef_construction = 128: with m = 16 / 64 about 2–3 % of the entries were unreachable in the coarse
 *   Hamming graph (the true nearest, first by Hamming distance too, not found even at ef_search 400);
 *   m = 32 / 64 still missed 0.1–2.7 % depending on the build, m = 32 / 128 none of 1,000.
 *   The bits only choose candidates: `semantic_cache_nearest` re-ranks them by the exact cosine
 *   distance of the full vectors. A small scope that the planner reads through the scope btree instead ranks the
 *   inline bits rather than de-TOASTing every 6 KiB vector of the scope.
 * - `semantic_cache_nearest(org, team, model, scope_hash, embedding, ef_search, candidates)` is the
 *   whole lookup in one statement. Its SET clauses scope the `hnsw.*` settings to the call (no
 *   transaction, no SET LOCAL round trips; works behind PgBouncer transaction pooling). The scope
 *   stays a hard WHERE on org, team (NULL matched only by IS NULL), model, scope hash and expiry,
 *   applied before any candidate is returned. The query is planned per call with the actual values
 *   (dynamic SQL), so tiny scopes still get the exact btree path.
 *
 * Existing rows get their bits here, and the index is rebuilt under its old name.
 */
export class SemanticCacheBinaryIndex1764100001560 implements MigrationInterface {
  name = 'SemanticCacheBinaryIndex1764100001560';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The old graph goes first: otherwise every row rewritten by the UPDATE is inserted into it.
    await queryRunner.query('DROP INDEX semantic_cache_entries_embedding_idx');
    await queryRunner.query('ALTER TABLE semantic_cache_entries ADD COLUMN embedding_bits bit(1536)');
    await queryRunner.query('UPDATE semantic_cache_entries SET embedding_bits = binary_quantize(embedding)::bit(1536)');
    await queryRunner.query('ALTER TABLE semantic_cache_entries ALTER COLUMN embedding_bits SET NOT NULL');
    await queryRunner.query(`
      CREATE FUNCTION semantic_cache_entries_quantize() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.embedding_bits := binary_quantize(NEW.embedding)::bit(1536);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER semantic_cache_entries_quantize BEFORE INSERT OR UPDATE OF embedding, embedding_bits ON semantic_cache_entries
      FOR EACH ROW EXECUTE FUNCTION semantic_cache_entries_quantize()`);
    await queryRunner.query(
      'CREATE INDEX semantic_cache_entries_embedding_idx ON semantic_cache_entries USING hnsw (embedding_bits bit_hamming_ops) WITH (m = 32, ef_construction = 128)',
    );
    await queryRunner.query(`
      CREATE FUNCTION semantic_cache_nearest(
        p_org_id uuid, p_team_id uuid, p_model text, p_scope_hash text, p_embedding vector, p_ef_search integer, p_candidates integer
      ) RETURNS TABLE (id uuid, similarity double precision, response jsonb, created_at timestamptz)
      LANGUAGE plpgsql
      SET hnsw.ef_search = 100
      SET hnsw.iterative_scan = strict_order
      AS $fn$
      BEGIN
        -- Local to this call: the SET clauses above restore the caller's values on return.
        PERFORM set_config('hnsw.ef_search', p_ef_search::text, true);
        RETURN QUERY EXECUTE format(
          $q$SELECT c.id, 1 - (c.embedding <=> $5), c.response, c.created_at
               FROM (SELECT e.id, e.embedding, e.response, e.created_at
                       FROM semantic_cache_entries e
                      WHERE e.org_id = $1 AND %s AND e.model = $3 AND e.scope_hash = $4 AND e.expires_at > now()
                      ORDER BY e.embedding_bits <~> binary_quantize($5)::bit(1536)
                      LIMIT $6) c
              ORDER BY c.embedding <=> $5
              LIMIT 1$q$,
          CASE WHEN p_team_id IS NULL THEN 'e.team_id IS NULL' ELSE 'e.team_id = $2' END)
          USING p_org_id, p_team_id, p_model, p_scope_hash, p_embedding, p_candidates;
      END
      $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION semantic_cache_nearest(uuid, uuid, text, text, vector, integer, integer)');
    await queryRunner.query('DROP INDEX semantic_cache_entries_embedding_idx');
    await queryRunner.query('DROP TRIGGER semantic_cache_entries_quantize ON semantic_cache_entries');
    await queryRunner.query('DROP FUNCTION semantic_cache_entries_quantize()');
    await queryRunner.query('ALTER TABLE semantic_cache_entries DROP COLUMN embedding_bits');
    await queryRunner.query(
      'CREATE INDEX semantic_cache_entries_embedding_idx ON semantic_cache_entries USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)',
    );
  }
}
