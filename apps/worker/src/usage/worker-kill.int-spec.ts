import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { QueueName, type UsageEventInput } from '@sluice/contracts';
import { startOfUtcDay } from '@sluice/db';
import { createTestDatabase, createTestRedisPrefix, freePort, spawnService, type SpawnedService, type TestDatabase } from '@sluice/testing';

jest.setTimeout(180_000);

const WORKER_ENTRY = join(__dirname, '..', '..', 'dist', 'main.js');
const N = 5000;
const BATCH = 100;
/** Batches delivered a second time under a new job id (e.g. a gateway replaying its spool): half before the kill, half after. */
const DUPLICATES = 10;
const ns = createTestRedisPrefix();
let db: TestDatabase;
let pool: Pool;
let connection: Redis;
let usageQueue: Queue;
const workers: SpawnedService[] = [];
const orgId = randomUUID();
const base = startOfUtcDay(new Date()).getTime() + 60_000;

function event(i: number): UsageEventInput {
  return {
    eventId: randomUUID(), requestId: `kill-${i}`, occurredAt: new Date(base + (i % 600) * 100).toISOString(), orgId, teamId: null,
    apiKeyId: null, userId: null, endpoint: 'chat.completions', model: i % 2 ? 'gpt-4o' : 'gpt-4o-mini', provider: 'mock', deploymentId: 'd1',
    status: 'success', httpStatus: 200, errorCode: null, promptTokens: 12, completionTokens: 3, cachedTokens: 0, costUsd: 0.00001,
    latencyMs: 1 + (i % 900), ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
  };
}

async function startWorkerProcess(name: string): Promise<SpawnedService> {
  const port = await freePort();
  const worker = await spawnService({
    name,
    entry: WORKER_ENTRY,
    url: `http://127.0.0.1:${port}`,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      REDIS_URL: ns.url,
      QUEUE_PREFIX: ns.prefix,
      WORKER_HEALTH_PORT: String(port),
      USAGE_CONCURRENCY: '2',
      // Short lock and stall check so the killed worker's batches are recovered within seconds.
      USAGE_LOCK_DURATION_MS: '10000',
      USAGE_STALLED_INTERVAL_MS: '2000',
    },
  });
  workers.push(worker);
  return worker;
}

async function count(sql: string): Promise<number> {
  const { rows } = await pool.query<{ n: string | null }>(sql, [orgId]);
  return Number(rows[0].n ?? 0);
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 2 });
  connection = new Redis(ns.url, { maxRetriesPerRequest: null });
  usageQueue = new Queue(QueueName.UsageEvents, { connection, prefix: ns.prefix });
});

afterAll(async () => {
  for (const w of workers) await w.stop(5000);
  await usageQueue?.close();
  connection?.disconnect();
  await pool?.end();
  await Promise.all([db?.drop(), ns.flush()]);
});

/** Duplicate deliveries: the events of batch `i` again, in a new job. */
function duplicateOf(events: UsageEventInput[], i: number) {
  const batchId = randomUUID();
  return { name: 'usage-batch', data: { batchId, events: events.slice(i * BATCH, (i + 1) * BATCH) }, opts: { jobId: batchId } };
}

describe('two worker processes, one SIGKILLed mid-way, with duplicate deliveries (real processes, Postgres, Redis)', () => {
  it(`ingests exactly ${N} request_logs rows and rollups matching them`, async () => {
    const [victim] = await Promise.all([startWorkerProcess('worker-1'), startWorkerProcess('worker-2')]);
    const events = Array.from({ length: N }, (_, i) => event(i));
    const jobs = [];
    for (let i = 0; i < N; i += BATCH) {
      const batchId = randomUUID();
      jobs.push({ name: 'usage-batch', data: { batchId, events: events.slice(i, i + BATCH) }, opts: { jobId: batchId } });
    }
    // Duplicates of the first batches, queued behind the originals.
    jobs.push(...Array.from({ length: DUPLICATES / 2 }, (_, i) => duplicateOf(events, i)));
    await usageQueue.addBulk(jobs);

    let atKill = 0;
    const killDeadline = Date.now() + 60_000;
    while (Date.now() < killDeadline) {
      atKill = await count('SELECT count(*) AS n FROM request_logs WHERE org_id = $1');
      if (atKill >= N / 5) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const activeAtKill = (await usageQueue.getJobCounts('active')).active;
    victim.process.kill('SIGKILL');
    // More duplicates after the kill, of batches the killed worker may have been writing, for the survivor.
    await usageQueue.addBulk(Array.from({ length: DUPLICATES / 2 }, (_, i) => duplicateOf(events, N / BATCH - 1 - i)));

    let rows = 0;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      rows = await count('SELECT count(*) AS n FROM request_logs WHERE org_id = $1');
      const counts = await usageQueue.getJobCounts('wait', 'active', 'delayed', 'completed');
      if (rows >= N && counts.wait + counts.active + counts.delayed === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const completed = await usageQueue.getCompleted(0, -1);
    const recovered = completed.filter((job) => job.attemptsStarted > 1).length;
    const distinct = await count('SELECT count(DISTINCT event_id) AS n FROM request_logs WHERE org_id = $1');
    const sums = await pool.query<{ grain: string; n: string }>(
      'SELECT grain, sum(request_count) AS n FROM usage_rollups WHERE org_id = $1 GROUP BY grain ORDER BY grain',
      [orgId],
    );
    console.log(
      `worker kill test: ${N} events in ${N / BATCH} batches + ${DUPLICATES} duplicate batches; SIGKILL of worker-1 after ${atKill} rows (${activeAtKill} batches active); ` +
        `${completed.length} batches completed, ${recovered} of them delivered more than once; ` +
        `request_logs rows ${rows} (distinct ${distinct}); rollup request counts ${sums.rows.map((r) => `${r.grain}=${r.n}`).join(' ')}`,
    );
    expect(rows).toBe(N);
    expect(distinct).toBe(N);
    expect(completed).toHaveLength(N / BATCH + DUPLICATES);
    expect(sums.rows).toEqual([
      { grain: 'day', n: String(N) },
      { grain: 'hour', n: String(N) },
      { grain: 'minute', n: String(N) },
    ]);
    // Every grain's rollups match the raw rows, per model: requests, tokens, cost, latency histogram total.
    const raw = await pool.query<{ model: string; n: string; prompt: string; completion: string; cost: string; latency: string }>(
      `SELECT model, count(*) AS n, sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion, sum(cost_usd) AS cost, sum(latency_ms) AS latency
         FROM request_logs WHERE org_id = $1 GROUP BY model ORDER BY model`,
      [orgId],
    );
    for (const grain of ['minute', 'hour', 'day']) {
      const rolled = await pool.query<{ model: string; n: string; prompt: string; completion: string; cost: string; latency: string; histogram: string }>(
        `SELECT model, sum(request_count) AS n, sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion, sum(cost_usd) AS cost,
                sum(latency_ms_sum) AS latency, sum((SELECT sum(b) FROM unnest(latency_buckets) AS b)) AS histogram
           FROM usage_rollups WHERE org_id = $1 AND grain = $2 GROUP BY model ORDER BY model`,
        [orgId, grain],
      );
      expect(rolled.rows.map(({ histogram: _h, ...rest }) => ({ ...rest, latency: Number(rest.latency), cost: Number(rest.cost) }))).toEqual(
        raw.rows.map((r) => ({ ...r, latency: Number(r.latency), cost: Number(r.cost) })),
      );
      expect(rolled.rows.map((r) => r.histogram)).toEqual(raw.rows.map((r) => r.n));
    }
    expect(await count('SELECT count(*) AS n FROM request_logs_default WHERE org_id = $1')).toBe(0);
  });
});
