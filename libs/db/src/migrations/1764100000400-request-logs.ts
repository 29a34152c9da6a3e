import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * request_logs, partitioned by day on occurred_at. Daily partitions are created ahead of time by
 * `ensureRequestLogPartitions`; the DEFAULT partition keeps events of any day that has none yet.
 */
export class RequestLogs1764100000400 implements MigrationInterface {
  name = 'RequestLogs1764100000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE request_logs (
        occurred_at timestamptz NOT NULL,
        event_id uuid NOT NULL,
        request_id text NOT NULL,
        org_id uuid NOT NULL,
        team_id uuid,
        api_key_id uuid,
        user_id uuid,
        endpoint text NOT NULL,
        model text NOT NULL,
        provider text,
        deployment_id text,
        status text NOT NULL,
        http_status smallint NOT NULL,
        error_code text,
        prompt_tokens integer NOT NULL DEFAULT 0,
        completion_tokens integer NOT NULL DEFAULT 0,
        cached_tokens integer NOT NULL DEFAULT 0,
        cost_usd numeric(18, 10) NOT NULL DEFAULT 0,
        latency_ms double precision NOT NULL,
        ttft_ms double precision,
        stream boolean NOT NULL DEFAULT false,
        cache_status text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT request_logs_pkey PRIMARY KEY (occurred_at, event_id)
      ) PARTITION BY RANGE (occurred_at)`);
    await queryRunner.query('CREATE INDEX request_logs_org_occurred_idx ON request_logs (org_id, occurred_at)');
    await queryRunner.query('CREATE INDEX request_logs_api_key_occurred_idx ON request_logs (api_key_id, occurred_at)');
    await queryRunner.query('CREATE TABLE request_logs_default PARTITION OF request_logs DEFAULT');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE request_logs');
  }
}
