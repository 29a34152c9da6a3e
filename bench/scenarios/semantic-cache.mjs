import { createHash } from 'node:crypto';
import pg from 'pg';
import { SemanticCache } from '@sluice/cache';
import { SEMANTIC_CACHE_DIMENSIONS } from '@sluice/contracts';
import { createTestDatabase } from '@sluice/testing';
import { msSince, percentiles } from '../lib/percentiles.mjs';

const INDEX = 'semantic_cache_entries_embedding_idx';
const MODEL = 'bench-model';
/** Four scopes (system-prompt setups) of one org, holding 70 / 20 / 9 / 1 % of the entries. */
const SCOPES = ['a', 'b', 'c', 'd'].map((s) => createHash('sha256').update(`bench scope ${s}`).digest('hex'));
const RESPONSE = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_764_000_000,
  model: MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: 'A cached answer of typical length for a benchmark entry.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
};

/** A table of `rows` random vectors (components uniform in ±scale/2), ids 0..rows-1. */
async function randomVectors(client, table, rows, scale) {
  await client.query(`CREATE TEMP TABLE ${table} (i int PRIMARY KEY, v vector(${SEMANTIC_CACHE_DIMENSIONS}))`);
  await client.query(
    // The WHERE makes the subquery correlated, so it runs (fresh random values) for every row.
    `INSERT INTO ${table} SELECT i, (SELECT array_agg((random() - 0.5) * $2) FROM generate_series(1, $3) WHERE i IS NOT NULL)::vector FROM generate_series(0, $1 - 1) AS i`,
    [rows, scale, SEMANTIC_CACHE_DIMENSIONS],
  );
}

/**
 * Entries are clustered like real prompt embeddings: topic centroids plus two noise terms (paraphrases),
 * built in SQL from pools of random vectors (fast: vector additions, no per-row random arrays).
 * Centroids belong to scopes, so each scope has its own topics.
 */
async function generateEntries(client, { orgId, count, log }) {
  const centroids = Math.max(100, Math.min(2000, Math.round(count / 500)));
  await randomVectors(client, 'bench_centroids', centroids, 1);
  await randomVectors(client, 'bench_noise_a', 997, 0.6);
  await randomVectors(client, 'bench_noise_b', 1000, 0.6);
  const chunk = 100_000;
  for (let first = 0; first < count; first += chunk) {
    const last = Math.min(count, first + chunk) - 1;
    await client.query(
      `INSERT INTO semantic_cache_entries (id, org_id, team_id, model, scope_hash, embedding, response, prompt_chars, expires_at)
       SELECT gen_random_uuid(), $1, NULL, $2,
              ($5::text[])[CASE WHEN (g % $6) % 100 < 70 THEN 1 WHEN (g % $6) % 100 < 90 THEN 2 WHEN (g % $6) % 100 < 99 THEN 3 ELSE 4 END],
              c.v + a.v + b.v, $7::jsonb, 120, now() + interval '7 days'
         FROM generate_series($3::int, $4::int) AS g
         JOIN bench_centroids c ON c.i = g % $6
         JOIN bench_noise_a a ON a.i = g % 997
         JOIN bench_noise_b b ON b.i = (g / $6) % 1000`,
      [orgId, MODEL, first, last, SCOPES, centroids, JSON.stringify(RESPONSE)],
    );
    log(`semantic cache: ${(last + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')} entries`);
  }
  return centroids;
}

/**
 * Semantic cache lookup at N entries: N entries of the configured dimension in one org (4 scopes),
 * the HNSW index exactly as the migration defines it (dropped for the bulk load and rebuilt from its
 * own definition), then lookups through the product's SemanticCache.lookup (libs/cache: scope filter,
 * ef_search, iterative scan) of paraphrase-like queries (a stored entry plus noise), sequentially.
 * recall@1: the same query as an exact search (index scans off, so a sequential scan and sort).
 */
export async function semanticCacheLookup({ smoke, log, scale }) {
  const count = scale?.semanticEntries ?? (smoke ? 3_000 : 1_000_000);
  const lookups = smoke ? 50 : 1000;
  const warmups = smoke ? 20 : 1000;
  // An exact search reads the whole scope (at 1 M entries ≈ 4 GB): 100 of them at full scale.
  const exactChecks = smoke ? 20 : count > 100_000 ? 100 : 200;
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  try {
    const client = await pool.connect();
    let loadMs;
    let indexMs;
    let queries;
    let tableBytes;
    let settings;
    let indexBytes;
    try {
      const { rows: orgs } = await client.query(`INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id`);
      const orgId = orgs[0].id;
      const { rows: defs } = await client.query('SELECT indexdef FROM pg_indexes WHERE indexname = $1', [INDEX]);
      if (defs.length !== 1) throw new Error(`index ${INDEX} not found (migrations changed?)`);
      await client.query(`DROP INDEX ${INDEX}`);
      let start = process.hrtime.bigint();
      await generateEntries(client, { orgId, count, log });
      loadMs = msSince(start);
      // A bulk build needs the graph in memory to be fast; production builds it row by row on insert.
      // About 8 KiB per entry (vector + graph links), 256 MiB to 8 GiB.
      await client.query(`SET maintenance_work_mem = '${Math.min(8192, Math.max(256, Math.ceil((count * 8) / 1024)))}MB'`);
      start = process.hrtime.bigint();
      await client.query(defs[0].indexdef);
      indexMs = msSince(start);
      await client.query('ANALYZE semantic_cache_entries');
      tableBytes = Number((await client.query(`SELECT pg_total_relation_size('semantic_cache_entries') AS n`)).rows[0].n);
      log(`semantic cache: ${count} entries loaded in ${(loadMs / 1000).toFixed(1)} s, HNSW built in ${(indexMs / 1000).toFixed(1)} s, ${(tableBytes / 2 ** 20).toFixed(0)} MiB on disk`);
      await randomVectors(client, 'bench_query_noise', 500, 0.15);
      const { rows } = await client.query(
        `SELECT e.id, e.scope_hash, (e.embedding + n.v)::text AS q
           FROM (SELECT id, scope_hash, embedding, row_number() OVER () AS r FROM semantic_cache_entries TABLESAMPLE BERNOULLI ($1) LIMIT $2) e
           JOIN bench_query_noise n ON n.i = e.r % 500`,
        [Math.min(100, ((lookups * 6) / count) * 100), lookups + warmups],
      );
      queries = rows.map((r) => ({ source: r.id, scopeHash: r.scope_hash, embedding: JSON.parse(r.q), orgId }));
      settings = { shared_buffers: (await client.query('SHOW shared_buffers')).rows[0].shared_buffers };
      indexBytes = Number((await client.query('SELECT pg_relation_size($1::regclass) AS n', [INDEX])).rows[0].n);
    } finally {
      client.release();
    }

    const cache = new SemanticCache(pool);
    // Warm-up with other queries than the measured ones: a cache in use has its index pages in memory
    // (when the server's buffers can hold them); a cold graph costs one read per visited page.
    for (const q of queries.splice(lookups)) await cache.lookup({ orgId: q.orgId, teamId: null, model: MODEL, scopeHash: q.scopeHash, embedding: q.embedding, threshold: 0 });
    const times = [];
    const found = [];
    for (const q of queries) {
      const start = process.hrtime.bigint();
      const hit = await cache.lookup({ orgId: q.orgId, teamId: null, model: MODEL, scopeHash: q.scopeHash, embedding: q.embedding, threshold: 0 });
      times.push(msSince(start));
      found.push(hit?.id ?? null);
    }
    const latencyMs = percentiles(times);

    let agree = 0;
    let sourceIsNearest = 0;
    const exact = await pool.connect();
    try {
      for (let i = 0; i < Math.min(exactChecks, queries.length); i += 1) {
        const q = queries[i];
        await exact.query('BEGIN');
        await exact.query('SET LOCAL enable_indexscan = off');
        await exact.query('SET LOCAL enable_bitmapscan = off');
        const { rows } = await exact.query(
          `SELECT id FROM semantic_cache_entries
            WHERE org_id = $1 AND team_id IS NULL AND model = $2 AND scope_hash = $3 AND expires_at > now()
            ORDER BY embedding <=> $4::vector LIMIT 1`,
          [q.orgId, MODEL, q.scopeHash, JSON.stringify(q.embedding)],
        );
        await exact.query('COMMIT');
        if (rows[0]?.id === found[i]) agree += 1;
        if (rows[0]?.id === q.source) sourceIsNearest += 1;
      }
    } finally {
      exact.release();
    }
    const checked = Math.min(exactChecks, queries.length);
    const result = {
      entries: count,
      dimensions: SEMANTIC_CACHE_DIMENSIONS,
      scopes: SCOPES.length,
      lookups: queries.length,
      latencyMs,
      recallAt1: agree / checked,
      exactChecks: checked,
      sourceIsNearestShare: sourceIsNearest / checked,
      loadSeconds: loadMs / 1000,
      indexBuildSeconds: indexMs / 1000,
      tableBytes,
      indexBytes,
      warmups,
      postgres: settings,
    };
    log(`semantic cache at ${count} entries: lookup p50 ${latencyMs.p50.toFixed(2)} ms, p95 ${latencyMs.p95.toFixed(2)} ms, recall@1 ${result.recallAt1.toFixed(3)} (${checked} exact searches)`);
    return result;
  } finally {
    await pool.end();
    // BENCH_KEEP_DATABASE=1 keeps the data (≈ 9 GB at 1 M entries) to profile lookups on it; drop it yourself.
    if (process.env.BENCH_KEEP_DATABASE === '1') log(`semantic cache: database kept: ${db.url}`);
    else await db.drop();
  }
}
