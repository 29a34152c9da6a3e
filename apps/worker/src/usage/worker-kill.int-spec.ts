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

describe('two worker processes, one SIGKILLed mid-way (real processes, Postgres, Redis)', () => {
  it(`ingests exactly ${N} request_logs rows and rollups summing to ${N}`, async () => {
    const [victim] = await Promise.all([startWorkerProcess('worker-1'), startWorkerProcess('worker-2')]);
    const events = Array.from({ length: N }, (_, i) => event(i));
    const jobs = [];
    for (let i = 0; i < N; i += BATCH) {
      const batchId = randomUUID();
      jobs.push({ name: 'usage-batch', data: { batchId, events: events.slice(i, i + BATCH) }, opts: { jobId: batchId } });
    }
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
      `worker kill test: ${N} events in ${N / BATCH} batches; SIGKILL of worker-1 after ${atKill} rows (${activeAtKill} batches active); ` +
        `${completed.length} batches completed, ${recovered} of them delivered more than once; ` +
        `request_logs rows ${rows} (distinct ${distinct}); rollup request counts ${sums.rows.map((r) => `${r.grain}=${r.n}`).join(' ')}`,
    );
    expect(rows).toBe(N);
    expect(distinct).toBe(N);
    expect(completed).toHaveLength(N / BATCH);
    expect(sums.rows).toEqual([
      { grain: 'day', n: String(N) },
      { grain: 'hour', n: String(N) },
      { grain: 'minute', n: String(N) },
    ]);
    expect(await count('SELECT count(*) AS n FROM request_logs_default WHERE org_id = $1')).toBe(0);
  });
});
