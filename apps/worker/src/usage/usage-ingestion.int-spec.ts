import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { QueueName, USAGE_EVENTS_DEAD_QUEUE, workerEnvSchema, type DeadLetterJob, type UsageEventInput, type WorkerEnv } from '@sluice/contracts';
import { requestLogPartitionFor } from '@sluice/db';
import { createTestDatabase, createTestRedisPrefix, freePort, type TestDatabase, waitFor } from '@sluice/testing';
import { startWorker } from '../main';

const ns = createTestRedisPrefix();
let db: TestDatabase;
let pool: Pool;
let connection: Redis;
let usageQueue: Queue;
let deadQueue: Queue<DeadLetterJob>;
let stop: (() => Promise<void>) | undefined;
const orgId = randomUUID();

function usageEvent(overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return {
    eventId: randomUUID(),
    requestId: `req-${randomUUID()}`,
    occurredAt: new Date().toISOString(),
    orgId,
    teamId: null,
    apiKeyId: null,
    userId: null,
    endpoint: 'chat.completions',
    model: 'gpt-4o-mini',
    provider: 'mock',
    deploymentId: 'd1',
    status: 'success',
    httpStatus: 200,
    errorCode: null,
    promptTokens: 10,
    completionTokens: 5,
    cachedTokens: 0,
    costUsd: 0.0001,
    latencyMs: 42,
    ttftMs: null,
    stream: false,
    cacheStatus: 'miss',
    metadata: {},
    ...overrides,
  };
}

async function config(): Promise<WorkerEnv> {
  return workerEnvSchema.parse({
    DATABASE_URL: db.url,
    REDIS_URL: ns.url,
    QUEUE_PREFIX: ns.prefix,
    LOG_LEVEL: 'silent',
    WORKER_HEALTH_PORT: String(await freePort()),
    USAGE_ATTEMPTS: '2',
    USAGE_BACKOFF_MS: '50',
  });
}

const until = <T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15000) => waitFor(probe, { timeoutMs });

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 2 });
  connection = new Redis(ns.url, { maxRetriesPerRequest: null });
  usageQueue = new Queue(QueueName.UsageEvents, { connection, prefix: ns.prefix });
  deadQueue = new Queue<DeadLetterJob>(USAGE_EVENTS_DEAD_QUEUE, { connection, prefix: ns.prefix });
  stop = await startWorker(await config());
});

afterAll(async () => {
  await stop?.();
  await usageQueue?.close();
  await deadQueue?.close();
  connection?.disconnect();
  await pool?.end();
  await Promise.all([db?.drop(), ns.flush()]);
});

describe('usage ingestion (real Postgres and Redis)', () => {
  it('creates request_logs partitions for today and the next 7 days at start; events land in their day partition', async () => {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'request_logs'::regclass ORDER BY 1`,
    );
    const names = rows.map((r) => r.name);
    for (let day = 0; day <= 7; day++) {
      expect(names).toContain(requestLogPartitionFor(new Date(Date.now() + day * 86_400_000)).name);
    }
    const events = [usageEvent(), usageEvent({ occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString() })];
    const batchId = randomUUID();
    await usageQueue.add('usage-batch', { batchId, events }, { jobId: batchId });
    const placed = await until(async () => {
      const r = await pool.query<{ part: string }>(
        'SELECT tableoid::regclass::text AS part FROM request_logs WHERE event_id = ANY($1) ORDER BY occurred_at',
        [events.map((e) => e.eventId)],
      );
      return r.rows.length === 2 ? r.rows.map((x) => x.part) : null;
    });
    expect(placed).toEqual([
      requestLogPartitionFor(new Date(events[0].occurredAt)).name,
      requestLogPartitionFor(new Date(events[1].occurredAt)).name,
    ]);
  });

  it('stores logged prompt/response bodies when the event carries them, and NULL when it does not', async () => {
    const bodies = { prompt: { text: '[{"role":"user","content":"my mail is [EMAIL]"}]', truncated: false }, response: { text: '[{"role":"assistant","content":"ok"}]', truncated: true } };
    const withBodies = usageEvent({ bodies });
    const without = usageEvent();
    const batchId = randomUUID();
    await usageQueue.add('usage-batch', { batchId, events: [withBodies, without] }, { jobId: batchId });
    const rows = await until(async () => {
      const r = await pool.query<{ event_id: string; bodies: unknown }>('SELECT event_id, bodies FROM request_logs WHERE event_id = ANY($1)', [[withBodies.eventId, without.eventId]]);
      return r.rows.length === 2 ? r.rows : null;
    });
    expect(rows.find((r) => r.event_id === withBodies.eventId)?.bodies).toEqual(bodies);
    expect(rows.find((r) => r.event_id === without.eventId)?.bodies).toBeNull();
  });

  it('stores events with U+0000 or a split surrogate pair (U+FFFD in their place) and the rest of their batch, not a failed batch', async () => {
    const poisoned = usageEvent({ model: 'gpt\u00004o', status: 'error', httpStatus: 404, errorCode: 'model_not_found', metadata: { 'k\u0000': 'v\u0000' } });
    // A logged prompt cut at its size limit in the middle of an emoji.
    const cut = usageEvent({ bodies: { prompt: { text: '[{"content":"smile \ud83d', truncated: true } } });
    const neighbour = usageEvent();
    const batchId = randomUUID();
    await usageQueue.add('usage-batch', { batchId, events: [poisoned, cut, neighbour] }, { jobId: batchId });
    const rows = await until(async () => {
      const r = await pool.query<{ event_id: string; model: string; metadata: unknown; bodies: unknown }>('SELECT event_id, model, metadata, bodies FROM request_logs WHERE event_id = ANY($1)', [[poisoned.eventId, cut.eventId, neighbour.eventId]]);
      return r.rows.length === 3 ? r.rows : null;
    });
    expect(rows.find((r) => r.event_id === poisoned.eventId)).toMatchObject({ model: 'gpt\uFFFD4o', metadata: { 'k\uFFFD': 'v\uFFFD' } });
    expect(rows.find((r) => r.event_id === cut.eventId)?.bodies).toEqual({ prompt: { text: '[{"content":"smile \uFFFD', truncated: true } });
    const { rows: rollups } = await pool.query<{ n: string }>(`SELECT sum(request_count) AS n FROM usage_rollups WHERE model = $1 AND grain = 'day'`, ['gpt\uFFFD4o']);
    expect(Number(rollups[0].n)).toBeGreaterThanOrEqual(1);
    expect(await deadQueue.getJob(`dead-${batchId}`)).toBeUndefined();
  });

  async function deadLetter(jobId: string): Promise<DeadLetterJob> {
    return until(async () => (await deadQueue.getJob(`dead-${jobId}`))?.data);
  }

  async function countLogs(eventIds: string[]): Promise<number> {
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM request_logs WHERE event_id = ANY($1)', [eventIds]);
    return Number(rows[0].n);
  }

  it('moves a malformed batch to the dead-letter queue with its reason and payload, while good batches are ingested', async () => {
    const good = [usageEvent(), usageEvent()];
    const goodId = randomUUID();
    const badId = randomUUID();
    const badPayload = { batchId: badId, events: [{ ...usageEvent(), orgId: 'not-a-uuid' }] };
    await usageQueue.add('usage-batch', badPayload, { jobId: badId });
    await usageQueue.add('usage-batch', { batchId: goodId, events: good }, { jobId: goodId });

    const dead = await deadLetter(badId);
    expect(dead).toMatchObject({ queue: QueueName.UsageEvents, jobId: badId, kind: 'malformed', payload: badPayload });
    expect(dead.reason).toMatch(/events\.0\.orgId/);
    await until(async () => (await countLogs(good.map((e) => e.eventId))) === 2);
    expect(await countLogs([badPayload.events[0].eventId])).toBe(0);
    expect(await deadQueue.getJob(`dead-${goodId}`)).toBeUndefined();
  });

  it('retries a batch Postgres refuses with backoff, then dead-letters it with the last error', async () => {
    // Valid for the schema but out of range for the integer column: fails on every attempt.
    const poison = { batchId: randomUUID(), events: [usageEvent({ promptTokens: 3_000_000_000 })] };
    await usageQueue.add('usage-batch', poison, { jobId: poison.batchId });
    const dead = await deadLetter(poison.batchId);
    expect(dead).toMatchObject({ kind: 'exhausted', attempts: 2, payload: poison });
    expect(dead.reason).toMatch(/out of range/);
    expect(await countLogs([poison.events[0].eventId])).toBe(0);
  });
});
