import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * usage_rollups: request_logs aggregated per minute, hour and day × org/team/key/user/model/provider.
 * Maintained incrementally by the worker in the same transaction as the request_logs rows it
 * inserts (only rows actually inserted are counted), and rebuilt for a range by `rebuild-rollups`.
 * latency_buckets: 62 counts of a fixed log-scale histogram (see apps/worker/src/rollups/latency-histogram.ts):
 * [0] < 1 ms; [i] for i = 1..60 covers [1.25^(i-1), 1.25^i) ms; [61] ≥ 1.25^60 ms (≈ 652 s).
 */
export class UsageRollups1764100000800 implements MigrationInterface {
  name = 'UsageRollups1764100000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usage_rollups (
        grain text NOT NULL CONSTRAINT usage_rollups_grain_check CHECK (grain IN ('minute', 'hour', 'day')),
        bucket_start timestamptz NOT NULL,
        org_id uuid NOT NULL,
        team_id uuid,
        api_key_id uuid,
        user_id uuid,
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
        latency_buckets integer[] NOT NULL
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX usage_rollups_dimensions_key ON usage_rollups
        (grain, bucket_start, org_id, team_id, api_key_id, user_id, model, provider) NULLS NOT DISTINCT`);
    await queryRunner.query('CREATE INDEX usage_rollups_org_grain_bucket_idx ON usage_rollups (org_id, grain, bucket_start)');
    await queryRunner.query(`
      CREATE FUNCTION usage_rollups_add_buckets(a integer[], b integer[]) RETURNS integer[]
      LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION usage_rollups_add_buckets(integer[], integer[])');
    await queryRunner.query('DROP TABLE usage_rollups');
  }
}
