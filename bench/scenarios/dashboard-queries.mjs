import { createRequire } from 'node:module';
import { join } from 'node:path';
import { URLSearchParams } from 'node:url';
import pg from 'pg';
import { createDataSource, ensureRequestLogPartitions } from '@sluice/db';
import { createTestDatabase } from '@sluice/testing';
import { adminSession, benchSecrets, seedDemo, startAdminApi } from '../lib/admin-api.mjs';
import { msSince, percentiles } from '../lib/percentiles.mjs';
import { deleteRedisPrefix, REDIS_URL } from '../lib/targets.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const DAY_MS = 86_400_000;
const TARGET_P95_MS = 150;

/** What the portal dashboard (apps/portal/src/features/dashboard) asks for on every load, for one range. */
function portalQueriesFor(range) {
  const metrics = ['requests', 'tokens', 'cost', 'errors', 'cache_hits'];
  const dimensions = ['team', 'key', 'user', 'model', 'provider'];
  return [
    { name: `${range} summary`, path: '/api/v1/analytics/summary', query: {} },
    ...metrics.map((metric) => ({ name: `${range} ${metric} by model (top 5)`, path: '/api/v1/analytics/timeseries', query: { metric, groupBy: 'model', top: '5' } })),
    ...dimensions
      .filter((d) => d !== 'model')
      .map((groupBy) => ({ name: `${range} requests by ${groupBy} (top 5)`, path: '/api/v1/analytics/timeseries', query: { metric: 'requests', groupBy, top: '5' } })),
    ...['latency_p50', 'latency_p95', 'latency_p99'].map((metric) => ({ name: `${range} ${metric}`, path: '/api/v1/analytics/timeseries', query: { metric } })),
    ...dimensions.map((by) => ({ name: `${range} breakdown by ${by}`, path: '/api/v1/analytics/breakdown', query: { by, sort: 'cost', limit: '20' } })),
  ];
}
const RANGES = [
  ['1h', 3_600_000],
  ['24h', DAY_MS],
  ['7d', 7 * DAY_MS],
  ['30d', 30 * DAY_MS],
];

const MODELS = [
  ['gpt-4o-mini', 'openai', 0.15, 0.6],
  ['gpt-4o', 'openai', 2.5, 10],
  ['claude-sonnet', 'anthropic', 3, 15],
  ['claude-haiku', 'anthropic', 0.8, 4],
  ['gemini-flash', 'google', 0.1, 0.4],
  ['llama-70b', 'bedrock', 0.7, 0.9],
];

/**
 * Inserts `count` request_logs rows spread over the last `days` days, in SQL (generate_series):
 * keys skewed (a few keys carry most traffic), each key in one team and, for 3 of 4 keys, one user;
 * models skewed toward the cheap ones; 2 % upstream errors, 0.5 % blocked, 8 % exact and 2 % semantic cache hits.
 */
async function generateRequestLogs(client, { orgId, teamIds, keyIds, userIds, count, from, days, log }) {
  const chunk = 500_000;
  const spanMs = days * DAY_MS;
  for (let first = 1; first <= count; first += chunk) {
    const last = Math.min(count, first + chunk - 1);
    await client.query(
      `INSERT INTO request_logs (occurred_at, event_id, request_id, org_id, team_id, api_key_id, user_id, endpoint, model, provider, deployment_id,
         status, http_status, error_code, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, ttft_ms, stream, cache_status, metadata)
       SELECT $4::timestamptz + make_interval(secs => x.r1 * $5 / 1000.0),
              gen_random_uuid(), 'bench-' || x.g, $1::uuid,
              ($6::uuid[])[x.k % cardinality($6::uuid[]) + 1],
              ($7::uuid[])[x.k + 1],
              CASE WHEN x.k % 4 = 0 THEN NULL ELSE ($8::uuid[])[x.k % cardinality($8::uuid[]) + 1] END,
              'chat.completions', ($9::text[])[x.m], ($10::text[])[x.m], ($10::text[])[x.m] || '-' || ($9::text[])[x.m],
              CASE WHEN x.r3 < 0.02 THEN 'error' WHEN x.r3 < 0.025 THEN 'blocked' ELSE 'success' END,
              CASE WHEN x.r3 < 0.02 THEN 502 WHEN x.r3 < 0.025 THEN 429 ELSE 200 END,
              CASE WHEN x.r3 < 0.02 THEN 'upstream_error' WHEN x.r3 < 0.025 THEN 'rate_limited' END,
              x.pt, x.ct, CASE WHEN x.r4 < 0.1 THEN x.pt / 2 ELSE 0 END,
              round(((x.pt * ($11::float8[])[x.m] + x.ct * ($12::float8[])[x.m]) / 1e6)::numeric, 10),
              CASE WHEN x.r4 < 0.1 THEN 2 + x.r5 * 10 ELSE 150 + x.r5 * x.r5 * 12000 END,
              CASE WHEN x.r6 < 0.3 THEN 80 + x.r5 * 900 END,
              x.r6 < 0.3,
              CASE WHEN x.r4 < 0.08 THEN 'hit' WHEN x.r4 < 0.1 THEN 'semantic-hit' ELSE 'miss' END,
              '{}'::jsonb
         FROM (SELECT g, random() AS r1, floor(cardinality($7::uuid[]) * random() ^ 3)::int AS k,
                      floor(cardinality($9::text[]) * random() ^ 2)::int + 1 AS m, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                      (50 + random() * random() * 4000)::int AS pt, (10 + random() * 800)::int AS ct
                 FROM generate_series($2::bigint, $3::bigint) AS g) AS x`,
      [orgId, first, last, from, spanMs, teamIds, keyIds, userIds, MODELS.map((m) => m[0]), MODELS.map((m) => m[1]), MODELS.map((m) => m[2]), MODELS.map((m) => m[3])],
    );
    log(`dashboard: ${last.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} request_logs rows`);
  }
}

/**
 * Dashboard queries over N request logs: N rows over 30 days in a dedicated database, the rollups
 * built by the worker's own rebuild (apps/worker rebuildRollups), then every analytics query the
 * portal dashboard issues, for the 1 h, 24 h, 7 d and 30 d presets, through a real admin API process
 * (HTTP, signed in as an org admin): p95 per query over `repeats` sequential calls after one warm-up.
 */
export async function dashboardQueries({ smoke, log, scale }) {
  const count = scale?.dashboardRows ?? (smoke ? 30_000 : 10_000_000);
  const repeats = smoke ? 1 : 20;
  // The smoke run packs its rows into one day and five keys so the rollup rebuild takes seconds (its figures mean nothing).
  const days = smoke ? 1 : 30;
  const keyCount = smoke ? 5 : 200;
  const db = await createTestDatabase();
  const queuePrefix = `bench-dash-${Date.now()}`;
  const env = { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: queuePrefix, ...benchSecrets() };
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  let admin;
  try {
    seedDemo(env);
    const client = await pool.connect();
    const to = new Date();
    const from = new Date(to.getTime() - days * DAY_MS);
    let generateMs;
    let rollupMs;
    let rollupRows;
    try {
      const { rows: orgs } = await client.query('SELECT id FROM organizations ORDER BY created_at LIMIT 1');
      const orgId = orgs[0].id;
      const { rows: teams } = await client.query(
        `INSERT INTO teams (org_id, name) SELECT $1, 'bench team ' || i FROM generate_series(1, 12) i RETURNING id`,
        [orgId],
      );
      const keyIds = (await client.query('SELECT array_agg(gen_random_uuid()) AS ids FROM generate_series(1, $1)', [keyCount])).rows[0].ids;
      const userIds = (await client.query('SELECT array_agg(gen_random_uuid()) AS ids FROM generate_series(1, 120)')).rows[0].ids;
      const dataSource = await createDataSource({ url: db.url, poolSize: 1, applicationName: 'sluice-bench' }).initialize();
      await ensureRequestLogPartitions(dataSource, from, days + 2);
      await dataSource.destroy();

      let start = process.hrtime.bigint();
      await generateRequestLogs(client, { orgId, teamIds: teams.map((t) => t.id), keyIds, userIds, count, from, days, log });
      await client.query('ANALYZE request_logs');
      generateMs = msSince(start);

      // The worker's own rebuild, not a re-implementation.
      const { rebuildRollups } = require(join(ROOT, 'apps/worker/dist/rollups/rebuild-rollups.js'));
      start = process.hrtime.bigint();
      const rebuilt = await rebuildRollups(pool, from, new Date(to.getTime() + 1), (day, requests) => {
        if (!smoke) log(`dashboard: rollups of ${day} rebuilt (${requests} requests)`);
      });
      await client.query('ANALYZE usage_rollups');
      rollupMs = msSince(start);
      rollupRows = (await client.query('SELECT grain, count(*)::int AS n FROM usage_rollups GROUP BY grain ORDER BY grain')).rows;
      if (rebuilt.requests !== count) throw new Error(`rollup rebuild read ${rebuilt.requests} rows, expected ${count}`);
    } finally {
      client.release();
    }
    log(`dashboard: ${count} rows generated in ${(generateMs / 1000).toFixed(1)} s, rollups rebuilt in ${(rollupMs / 1000).toFixed(1)} s (${rollupRows.map((r) => `${r.grain} ${r.n}`).join(', ')})`);

    admin = await startAdminApi(env);
    const headers = await adminSession(admin.url);
    const results = [];
    for (const [range, rangeMs] of RANGES) {
      const now = new Date();
      const window = { from: new Date(now.getTime() - rangeMs).toISOString(), to: now.toISOString() };
      for (const q of portalQueriesFor(range)) {
        const url = `${admin.url}${q.path}?${new URLSearchParams({ ...window, ...q.query })}`;
        const times = [];
        for (let i = 0; i <= repeats; i += 1) {
          const start = process.hrtime.bigint();
          const res = await fetch(url, { headers });
          const body = await res.text();
          if (!res.ok) throw new Error(`${q.name}: HTTP ${res.status} ${body.slice(0, 300)}`);
          if (i > 0) times.push(msSince(start));
        }
        results.push({ query: q.name, path: q.path, ...percentiles(times) });
      }
    }
    const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    log(`dashboard: ${results.length} queries × ${repeats}; worst p95 ${worst.p95.toFixed(1)} ms (${worst.query}); ${results.filter((r) => r.p95 >= TARGET_P95_MS).length} at or over ${TARGET_P95_MS} ms`);
    return { rows: count, days, repeats, generateSeconds: generateMs / 1000, rollupSeconds: rollupMs / 1000, rollupRows, queries: results, worst, targetP95Ms: TARGET_P95_MS };
  } finally {
    await admin?.stop();
    await pool.end();
    await db.drop();
    await deleteRedisPrefix(queuePrefix);
  }
}
