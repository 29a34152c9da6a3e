import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_DEAD_QUEUE, EXPORTS_DEAD_QUEUE, QueueName, USAGE_EVENTS_DEAD_QUEUE, workerEnvSchema, type UsageEventInput } from '@sluice/contracts';
import { OtlpReceiver, parsePrometheusText, sumSamples, type PromSample } from '@sluice/observability';
import { join } from 'node:path';
import { createTestDatabase, createTestRedisPrefix, freePort, spawnService, waitFor, type TestDatabase } from '@sluice/testing';
import { startWorker } from '../main';

const WORKER_ENTRY = join(__dirname, '..', '..', 'dist', 'main.js');
const ns = createTestRedisPrefix();
const orgId = randomUUID();
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const GATEWAY_SPAN = '00f067aa0ba902b7';
let db: TestDatabase;
let connection: Redis;
let port: number;
let stop: (() => Promise<void>) | undefined;

function usageEvent(traceparent?: string): UsageEventInput {
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
    ...(traceparent ? { traceparent } : {}),
  };
}

async function scrape(): Promise<PromSample[]> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

beforeAll(async () => {
  db = await createTestDatabase();
  connection = new Redis(ns.url, { maxRetriesPerRequest: null });
  port = await freePort();
  stop = await startWorker({
    ...workerEnvSchema.parse({ DATABASE_URL: db.url, REDIS_URL: ns.url, QUEUE_PREFIX: ns.prefix, LOG_LEVEL: 'silent', WORKER_HEALTH_PORT: String(port) }),
    SPEND_RECONCILIATION_INTERVAL_MS: 1000,
  });
});

afterAll(async () => {
  await stop?.();
  connection?.disconnect();
  await ns.flush();
  await db?.drop();
});

describe('worker /metrics and job tracing', () => {
  it('reports queue depth and lag, processed jobs, ingested events and batch durations', async () => {
    // A dead-letter queue nobody consumes: its job waits, so depth and lag grow.
    const dead = new Queue(USAGE_EVENTS_DEAD_QUEUE, { connection, prefix: ns.prefix });
    await dead.add('dead', { reason: 'test' });
    const usage = new Queue(QueueName.UsageEvents, { connection, prefix: ns.prefix });
    await usage.add('batch', { batchId: randomUUID(), events: [usageEvent(), usageEvent(), usageEvent()] });
    await usage.add('batch', { batchId: randomUUID(), events: [usageEvent()] });

    const m = await waitFor(
      async () => {
        const samples = await scrape();
        return sumSamples(samples, 'sluice_worker_jobs_processed_total', { queue: 'usage-events' }) === 2 && sumSamples(samples, 'sluice_worker_queue_lag_seconds', { queue: USAGE_EVENTS_DEAD_QUEUE }) >= 1 ? samples : null;
      },
      { what: 'two processed usage batches and a second of lag', timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(sumSamples(m, 'sluice_worker_usage_events_total')).toBe(4);
    expect(sumSamples(m, 'sluice_worker_job_duration_seconds_count', { queue: 'usage-events', outcome: 'completed' })).toBe(2);
    expect(sumSamples(m, 'sluice_worker_queue_jobs', { queue: USAGE_EVENTS_DEAD_QUEUE, state: 'waiting' })).toBe(1);
    expect(sumSamples(m, 'sluice_worker_queue_jobs', { queue: 'usage-events', state: 'waiting' })).toBe(0);
    expect(sumSamples(m, 'sluice_worker_queue_lag_seconds', { queue: 'usage-events' })).toBe(0);
    expect(sumSamples(m, 'sluice_worker_jobs_failed_total')).toBe(0);
    expect(m.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    await Promise.all([dead.close(), usage.close()]);
  });

  it('counts every consumed queue: a failed alert job (final, dead-lettered to alerts-dead) and the scheduled spend reconciliation runs', async () => {
    const alerts = new Queue(QueueName.Alerts, { connection, prefix: ns.prefix });
    await alerts.add('budget_threshold', { orgId, kind: 'budget_threshold' });
    const m = await waitFor(
      async () => {
        const samples = await scrape();
        return sumSamples(samples, 'sluice_worker_jobs_failed_total', { queue: 'alerts', final: 'true' }) === 1 &&
          sumSamples(samples, 'sluice_worker_queue_jobs', { queue: ALERTS_DEAD_QUEUE, state: 'waiting' }) === 1 &&
          sumSamples(samples, 'sluice_worker_jobs_processed_total', { queue: 'spend-reconciliation' }) >= 1
          ? samples
          : null;
      },
      { what: 'a final alert failure, its dead letter and a spend reconciliation run', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(sumSamples(m, 'sluice_worker_budget_reconciliation_runs_total', { status: 'reconciled' })).toBeGreaterThanOrEqual(1);
    expect(sumSamples(m, 'sluice_worker_job_duration_seconds_count', { queue: 'alerts', outcome: 'failed' })).toBe(1);
    for (const queue of [EXPORTS_DEAD_QUEUE, ALERTS_DEAD_QUEUE, 'spend-reconciliation']) expect(m.some((s) => s.name === 'sluice_worker_queue_jobs' && s.labels.queue === queue)).toBe(true);
    await alerts.close();
  });

  // OTLP export needs a real process (the exporter loads node:http with a dynamic import, which Jest's VM refuses).
  it("continues the gateway's trace: a usage batch from one request is a child span of it (worker process)", async () => {
    const otlp = await OtlpReceiver.start();
    const tracedNs = createTestRedisPrefix();
    const healthPort = await freePort();
    const worker = await spawnService({
      name: 'worker',
      entry: WORKER_ENTRY,
      env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: tracedNs.url, QUEUE_PREFIX: tracedNs.prefix, LOG_LEVEL: 'warn', WORKER_HEALTH_PORT: String(healthPort), OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url },
      url: `http://127.0.0.1:${healthPort}`,
    });
    try {
      const usage = new Queue(QueueName.UsageEvents, { connection, prefix: tracedNs.prefix });
      await usage.add('batch', { batchId: randomUUID(), events: [usageEvent(`00-${TRACE_ID}-${GATEWAY_SPAN}-01`)] });
      const span = await waitFor(async () => otlp.spans.find((s) => s.traceId === TRACE_ID), { what: 'worker span', timeoutMs: 15_000 });
      expect(span).toMatchObject({ name: 'usage-events process', parentSpanId: GATEWAY_SPAN, kind: 5, serviceName: 'sluice-worker' });
      expect(span.attributes['messaging.destination.name']).toBe('usage-events');
      await usage.close();
    } finally {
      await worker.stop();
      await otlp.close();
      await tracedNs.flush();
    }
  });
});
