import type { MigrationInterface, QueryRunner } from 'typeorm';

const HISTOGRAM_BUCKETS = 62;

/**
 * usage_team_rollups: usage_rollups without the api key and user dimensions (per grain × bucket ×
 * org × team × model × provider), so org- and team-wide charts sum a few dozen rows per bucket
 * instead of one per active key/user combination. Written by the worker next to usage_rollups, in
 * the same transaction, from the same groups (incremental ingestion and rebuild-rollups), so every
 * sum equals the usage_rollups rows it stands for. Histogram counts are bigint: a coarse row sums
 * many fine rows. Backfilled here from usage_rollups.
 */
export class UsageTeamRollups1764100001550 implements MigrationInterface {
  name = 'UsageTeamRollups1764100001550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usage_team_rollups (
        grain text NOT NULL CONSTRAINT usage_team_rollups_grain_check CHECK (grain IN ('minute', 'hour', 'day')),
        bucket_start timestamptz NOT NULL,
        org_id uuid NOT NULL,
        team_id uuid,
        model text NOT NULL,
        provider text,
        request_count bigint NOT NULL DEFAULT 0,
        error_count bigint NOT NULL DEFAULT 0,
        blocked_count bigint NOT NULL DEFAULT 0,
        client_error_count bigint NOT NULL DEFAULT 0,
        server_error_count bigint NOT NULL DEFAULT 0,
        prompt_tokens bigint NOT NULL DEFAULT 0,
        completion_tokens bigint NOT NULL DEFAULT 0,
        cached_tokens bigint NOT NULL DEFAULT 0,
        cost_usd numeric(24, 10) NOT NULL DEFAULT 0,
        cache_hit_count bigint NOT NULL DEFAULT 0,
        semantic_cache_hit_count bigint NOT NULL DEFAULT 0,
        latency_ms_sum double precision NOT NULL DEFAULT 0,
        latency_buckets bigint[] NOT NULL
      )`);
    // One index serves both the upsert (conflict target) and the reads (org, grain, bucket range).
    await queryRunner.query(`
      CREATE UNIQUE INDEX usage_team_rollups_dimensions_key ON usage_team_rollups
        (org_id, grain, bucket_start, team_id, model, provider) NULLS NOT DISTINCT`);
    await queryRunner.query(`
      CREATE FUNCTION usage_team_rollups_add_buckets(a bigint[], b bigint[]) RETURNS bigint[]
      LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
      $$`);
    const merged = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `coalesce(sum(latency_buckets[${i + 1}]), 0)`).join(', ');
    await queryRunner.query(`
      INSERT INTO usage_team_rollups (grain, bucket_start, org_id, team_id, model, provider, request_count, error_count, blocked_count,
        client_error_count, server_error_count, prompt_tokens, completion_tokens, cached_tokens, cost_usd, cache_hit_count,
        semantic_cache_hit_count, latency_ms_sum, latency_buckets)
      SELECT grain, bucket_start, org_id, team_id, model, provider, sum(request_count), sum(error_count), sum(blocked_count),
        sum(client_error_count), sum(server_error_count), sum(prompt_tokens), sum(completion_tokens), sum(cached_tokens), sum(cost_usd),
        sum(cache_hit_count), sum(semantic_cache_hit_count), sum(latency_ms_sum), ARRAY[${merged}]::bigint[]
      FROM usage_rollups
      GROUP BY grain, bucket_start, org_id, team_id, model, provider`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE usage_team_rollups');
    await queryRunner.query('DROP FUNCTION usage_team_rollups_add_buckets(bigint[], bigint[])');
  }
}
