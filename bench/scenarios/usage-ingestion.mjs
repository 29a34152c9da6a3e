import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { QueueName } from '@sluice/contracts';
import { createTestDatabase } from '@sluice/testing';
import { benchSecrets } from '../lib/admin-api.mjs';
import { freePort, resourceMeter, startNodeService, waitForHttp } from '../lib/processes.mjs';
import { deleteRedisPrefix, REDIS_URL } from '../lib/targets.mjs';
import { NODE_FLAGS } from '../../scripts/lib/node-flags.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const BATCH_SIZE = 200;

function usageEvent(orgId, teamId, i) {
  return {
    eventId: randomUUID(),
    requestId: `bench-${i}`,
    occurredAt: new Date().toISOString(),
    orgId,
    teamId,
    apiKeyId: null,
    userId: null,
    endpoint: 'chat.completions',
    model: i % 3 === 0 ? 'gpt-4o-mini' : 'claude-sonnet',
    provider: i % 3 === 0 ? 'openai' : 'anthropic',
    deploymentId: 'bench',
    status: i % 50 === 0 ? 'error' : 'success',
    httpStatus: i % 50 === 0 ? 502 : 200,
    errorCode: i % 50 === 0 ? 'upstream_error' : null,
    promptTokens: 100 + (i % 17),
    completionTokens: 20 + (i % 13),
    cachedTokens: 0,
    costUsd: 0.00012,
    latencyMs: 20 + (i % 400),
    ttftMs: null,
    stream: false,
    cacheStatus: 'miss',
    metadata: {},
  };
}

/**
 * Events offered per second. Above the 20,000/s target on purpose: events ÷ time-to-last-row can never
 * exceed the offered rate, so offering exactly the target could only ever show a worker that keeps up
 * as "just under" it.
 */
function offeredRate(smoke) {
  if (smoke) return 2000;
  const rate = Number(process.env.BENCH_INGESTION_RATE ?? 25_000);
  if (!Number.isInteger(rate) || rate < 200) throw new Error(`BENCH_INGESTION_RATE must be an integer ≥ 200 (events/s), got ${process.env.BENCH_INGESTION_RATE}`);
  return rate;
}

/**
 * Usage ingestion: a producer enqueues usage batches (as the gateway does) at a constant event rate;
 * one worker process ingests them into request_logs and usage_rollups. Reports sustained events/s
 * and the lag (how long after its enqueue the last-ingested event was written), sampled every 250 ms.
 */
export async function usageIngestion({ smoke, log, scale }) {
  const rate = offeredRate(smoke);
  const seconds = scale?.ingestionSeconds ?? (smoke ? 2 : 30);
  const db = await createTestDatabase();
  const queuePrefix = `bench-${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  // USAGE_CONCURRENCY from the bench's environment, else the worker's default.
  const workerEnv = { WORKER_HEALTH_PORT: String(port), DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: queuePrefix, ...benchSecrets(), ...(process.env.USAGE_CONCURRENCY ? { USAGE_CONCURRENCY: process.env.USAGE_CONCURRENCY } : {}) };
  const worker = startNodeService('worker', join(ROOT, 'apps/worker/dist/main.js'), { nodeArgs: NODE_FLAGS.worker, env: workerEnv });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.UsageEvents, { connection, prefix: queuePrefix });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, 60_000).catch((error) => {
      throw new Error(`${error.message}\n${worker.outputTail()}`);
    });
    await client.connect();
    const orgId = randomUUID();
    const teamId = randomUUID();
    const total = rate * seconds;
    const batches = total / BATCH_SIZE;
    const enqueuedAt = [];
    const samples = [];
    const meter = resourceMeter(worker.pid);
    const start = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - start) / 1e6;
    let ingested = 0;
    const sampler = (async () => {
      while (ingested < total) {
        const { rows } = await client.query('SELECT count(*)::int AS n FROM request_logs');
        ingested = rows[0].n;
        const now = elapsedMs();
        const lastBatch = Math.floor(ingested / BATCH_SIZE) - 1;
        const lagMs = lastBatch >= 0 && lastBatch < enqueuedAt.length ? now - enqueuedAt[lastBatch] : ingested === 0 ? now : 0;
        samples.push({ atMs: now, ingested, lagMs: ingested < enqueuedAt.length * BATCH_SIZE ? lagMs : 0 });
        if (now > (seconds + 120) * 1000) throw new Error(`ingestion stalled at ${ingested} of ${total}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    let i = 0;
    for (let b = 0; b < batches; b += 1) {
      const dueMs = (b * BATCH_SIZE * 1000) / rate;
      const wait = dueMs - elapsedMs();
      if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
      const events = Array.from({ length: BATCH_SIZE }, () => usageEvent(orgId, teamId, (i += 1)));
      const batchId = randomUUID();
      await queue.add('usage-batch', { batchId, events }, { jobId: batchId, removeOnComplete: 1000, removeOnFail: false });
      enqueuedAt.push(elapsedMs());
    }
    const producedMs = elapsedMs();
    await sampler;
    const doneMs = elapsedMs();
    const resources = meter.stop();
    const { rows } = await client.query('SELECT coalesce(sum(request_count), 0)::int AS n FROM usage_rollups WHERE grain = $1', ['minute']).catch(() => ({ rows: [{ n: null }] }));
    const result = {
      usageConcurrency: workerEnv.USAGE_CONCURRENCY ?? 'default',
      events: total,
      offeredRate: rate,
      producedSeconds: producedMs / 1000,
      sustainedEventsPerSecond: total / (doneMs / 1000),
      maxLagMs: Math.max(...samples.map((s) => s.lagMs)),
      rollupRequests: rows[0].n,
      ...resources,
    };
    log(`ingestion: ${total} events offered at ${rate}/s → ${result.sustainedEventsPerSecond.toFixed(0)} events/s sustained, max lag ${(result.maxLagMs / 1000).toFixed(2)} s, worker peak RSS ${(resources.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
    return result;
  } finally {
    await queue.close().catch(() => undefined);
    connection.disconnect();
    await client.end().catch(() => undefined);
    await worker.stop();
    await db.drop();
    await deleteRedisPrefix(queuePrefix);
  }
}
