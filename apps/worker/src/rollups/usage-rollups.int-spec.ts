import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { QueueName, workerEnvSchema, type UsageEventInput } from '@sluice/contracts';
import { startOfUtcDay } from '@sluice/db';
import { createTestDatabase, createTestRedisPrefix, freePort, type TestDatabase, waitFor } from '@sluice/testing';
import { main as rebuildCli } from '../cli/rebuild-rollups';
import { startWorker } from '../main';
import { latencyBucketOf, latencyPercentiles } from '@sluice/contracts';
import { rebuildRollups } from './rebuild-rollups';

const ns = createTestRedisPrefix();
let db: TestDatabase;
let pool: Pool;
let connection: Redis;
let usageQueue: Queue;
let stop: (() => Promise<void>) | undefined;
const orgId = randomUUID();
const keys = [randomUUID(), randomUUID(), randomUUID()];
const teams = [randomUUID(), randomUUID()];
const users = [randomUUID(), randomUUID()];
// An hour into today (UTC): today's partition exists, and the window is in the past.
const base = startOfUtcDay(new Date()).getTime() + 3_600_000;

function event(i: number): UsageEventInput {
  const failed = i % 17 === 0;
  return {
    eventId: randomUUID(),
    requestId: `req-${i}`,
    occurredAt: new Date(base + (i % 300) * 1000 + (i % 7)).toISOString(),
    orgId,
    // Keys 0 and 1 in team 0 (key 1 with a user), key 2 without a team: several key/user rows per team row.
    teamId: i % 3 === 2 ? null : teams[0],
    apiKeyId: keys[i % 3],
    userId: i % 3 === 1 ? users[i % 2] : null,
    endpoint: 'chat.completions',
    model: i % 4 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
    provider: i % 5 === 0 ? null : 'mock',
    deploymentId: 'd1',
    status: failed ? 'error' : i % 11 === 0 ? 'cache_hit' : 'success',
    httpStatus: failed ? 502 : 200,
    errorCode: failed ? 'upstream_error' : null,
    promptTokens: 10 + (i % 50),
    completionTokens: i % 40,
    cachedTokens: i % 5,
    costUsd: 0.0000123 * ((i % 9) + 1),
    // Long-tailed latencies from 0.5 ms to ~60 s.
    latencyMs: Math.round(0.5 * Math.exp(((i * 7919) % 1000) / 1000 * 11.7) * 100) / 100,
    ttftMs: null,
    stream: false,
    cacheStatus: i % 11 === 0 ? 'hit' : i % 13 === 0 ? 'semantic-hit' : 'miss',
    metadata: {},
  };
}

const until = <T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20000) => waitFor(probe, { timeoutMs });

async function enqueue(events: UsageEventInput[]): Promise<void> {
  const batchId = randomUUID();
  await usageQueue.add('usage-batch', { batchId, events }, { jobId: batchId });
}

async function rollupTable(): Promise<unknown[]> {
  const { rows } = await pool.query(
    `SELECT grain, bucket_start, team_id, api_key_id, user_id, model, provider, request_count, error_count, server_error_count, prompt_tokens,
            completion_tokens, cached_tokens, cost_usd::text, cache_hit_count, semantic_cache_hit_count, latency_buckets
     FROM usage_rollups WHERE org_id = $1 ORDER BY grain, bucket_start, team_id, api_key_id, user_id, model, provider`,
    [orgId],
  );
  return rows;
}

const TEAM_DIMENSIONS = 'grain, bucket_start, team_id, model, provider';
const MEASURES = ['request_count', 'error_count', 'blocked_count', 'client_error_count', 'server_error_count', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cache_hit_count', 'semantic_cache_hit_count'];

/** usage_team_rollups of the org (latency_ms_sum rounded: a float sum depends on the order of the additions). */
async function teamRollups(): Promise<unknown[]> {
  const { rows } = await pool.query(
    `SELECT ${TEAM_DIMENSIONS}, ${MEASURES.join(', ')}, cost_usd::text AS cost_usd, round(latency_ms_sum::numeric, 3)::text AS latency_ms_sum, latency_buckets
     FROM usage_team_rollups WHERE org_id = $1 ORDER BY ${TEAM_DIMENSIONS}`,
    [orgId],
  );
  return rows;
}

/** usage_rollups of the org summed without key and user: what usage_team_rollups must hold. */
async function teamRollupsFromFine(): Promise<unknown[]> {
  const merged = Array.from({ length: 62 }, (_, i) => `sum(latency_buckets[${i + 1}])`).join(', ');
  const { rows } = await pool.query(
    `SELECT ${TEAM_DIMENSIONS}, ${MEASURES.map((m) => `sum(${m})::bigint AS ${m}`).join(', ')}, sum(cost_usd)::text AS cost_usd,
            round(sum(latency_ms_sum)::numeric, 3)::text AS latency_ms_sum, ARRAY[${merged}]::bigint[] AS latency_buckets
     FROM usage_rollups WHERE org_id = $1 GROUP BY ${TEAM_DIMENSIONS} ORDER BY ${TEAM_DIMENSIONS}`,
    [orgId],
  );
  return rows;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 2 });
  connection = new Redis(ns.url, { maxRetriesPerRequest: null });
  usageQueue = new Queue(QueueName.UsageEvents, { connection, prefix: ns.prefix });
  stop = await startWorker(
    workerEnvSchema.parse({
      DATABASE_URL: db.url, REDIS_URL: ns.url, QUEUE_PREFIX: ns.prefix, LOG_LEVEL: 'silent', WORKER_HEALTH_PORT: String(await freePort()),
    }),
  );
});

afterAll(async () => {
  await stop?.();
  await usageQueue?.close();
  connection?.disconnect();
  await pool?.end();
  await Promise.all([db?.drop(), ns.flush()]);
});

describe('usage_rollups (real Postgres and Redis)', () => {
  const N = 3000;
  const events = Array.from({ length: N }, (_, i) => event(i));

  it('are updated with the request_logs rows, counting each event once despite duplicate deliveries', async () => {
    await enqueue(events.slice(0, 1200));
    await enqueue(events.slice(1200));
    // Duplicate deliveries: a whole batch again, and an overlapping one.
    await enqueue(events.slice(0, 1200));
    await enqueue(events.slice(1000, 1500));
    await until(async () => (await usageQueue.getJobCounts('completed')).completed === 4);

    const raw = await pool.query<{ n: string; prompt: string; cost: string; errors: string }>(
      `SELECT count(*) AS n, sum(prompt_tokens) AS prompt, sum(cost_usd)::text AS cost, count(*) FILTER (WHERE status = 'error') AS errors
       FROM request_logs WHERE org_id = $1`,
      [orgId],
    );
    expect(Number(raw.rows[0].n)).toBe(N);
    for (const grain of ['minute', 'hour', 'day']) {
      const { rows } = await pool.query<{ n: string; prompt: string; cost: string; errors: string }>(
        `SELECT sum(request_count) AS n, sum(prompt_tokens) AS prompt, sum(cost_usd)::text AS cost, sum(error_count) AS errors
         FROM usage_rollups WHERE org_id = $1 AND grain = $2`,
        [orgId, grain],
      );
      expect(rows[0].n).toBe(String(N));
      expect(rows[0].prompt).toBe(raw.rows[0].prompt);
      expect(Number(rows[0].cost)).toBe(Number(raw.rows[0].cost));
      expect(rows[0].errors).toBe(raw.rows[0].errors);
    }
    const minuteBuckets = await pool.query('SELECT DISTINCT bucket_start FROM usage_rollups WHERE org_id = $1 AND grain = $2', [orgId, 'minute']);
    expect(minuteBuckets.rowCount).toBe(5);
  });

  it('usage_team_rollups hold the same sums as usage_rollups without key and user, after incremental ingestion', async () => {
    const fromFine = await teamRollupsFromFine();
    // 3 grains × their buckets × (team 0 or none) × 2 models × (mock or no provider): far fewer rows than per key and user.
    expect(fromFine.length).toBe((5 + 1 + 1) * 2 * 2 * 2);
    expect(await teamRollups()).toEqual(fromFine);
    const fine = await pool.query<{ n: string }>('SELECT count(*) AS n FROM usage_rollups WHERE org_id = $1', [orgId]);
    expect(Number(fine.rows[0].n)).toBeGreaterThan(fromFine.length);
  });

  it('give p50/p95/p99 within one histogram bucket of the exact percentiles of the raw rows', async () => {
    for (const [grain, apiKeyId] of [['minute', keys[0]], ['hour', null], ['day', keys[1]]] as const) {
      const { rows } = await pool.query<{ latency_buckets: number[] }>(
        'SELECT latency_buckets FROM usage_rollups WHERE org_id = $1 AND grain = $2 AND ($3::uuid IS NULL OR api_key_id = $3)',
        [orgId, grain, apiKeyId],
      );
      const estimated = latencyPercentiles(rows.map((r) => r.latency_buckets));
      const exact = await pool.query<{ p50: number; p95: number; p99: number }>(
        `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
                percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
         FROM request_logs WHERE org_id = $1 AND ($2::uuid IS NULL OR api_key_id = $2)`,
        [orgId, apiKeyId],
      );
      for (const p of ['p50', 'p95', 'p99'] as const) {
        expect(Math.abs(latencyBucketOf(estimated[p] as number) - latencyBucketOf(exact.rows[0][p]))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('are rebuilt from request_logs for a range (function and operator CLI)', async () => {
    const before = await rollupTable();
    const teamBefore = await teamRollups();
    await pool.query('UPDATE usage_rollups SET request_count = 999, latency_buckets = array_fill(0, ARRAY[62]) WHERE org_id = $1', [orgId]);
    await pool.query('DELETE FROM usage_rollups WHERE org_id = $1 AND grain = $2', [orgId, 'hour']);
    await pool.query('UPDATE usage_team_rollups SET request_count = 999, cost_usd = 0 WHERE org_id = $1', [orgId]);
    await pool.query('DELETE FROM usage_team_rollups WHERE org_id = $1 AND grain = $2', [orgId, 'minute']);
    const result = await rebuildRollups(pool, new Date(base), new Date(base + 1));
    expect(result.requests).toBe(N);
    expect(await rollupTable()).toEqual(before);
    expect(await teamRollups()).toEqual(teamBefore);
    expect(await teamRollups()).toEqual(await teamRollupsFromFine());

    await pool.query('DELETE FROM usage_rollups WHERE org_id = $1', [orgId]);
    await pool.query('DELETE FROM usage_team_rollups WHERE org_id = $1', [orgId]);
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const day = new Date(base).toISOString().slice(0, 10);
      expect(await rebuildCli(['--from', day, '--to', `${day}T23:59:59Z`])).toBe(0);
    } finally {
      log.mockRestore();
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
    expect(await rollupTable()).toEqual(before);
    expect(await teamRollups()).toEqual(teamBefore);
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await rebuildCli(['--from', 'yesterday'])).toBe(2);
    err.mockRestore();
  });
});
