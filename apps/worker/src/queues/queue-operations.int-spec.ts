import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, generateDevSigningKey } from '@sluice/audit';
import { ALERTS_DEAD_QUEUE, EXPORTS_DEAD_QUEUE, QueueName, type DeadLetterJob } from '@sluice/contracts';
import { createDataSource } from '@sluice/db';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, createTestRedisPrefix, waitFor, type TestDatabase, type TestRedisNamespace } from '@sluice/testing';
import { startAlertsWorker, type AlertsWorker } from '../alerts/alerts.worker';
import { loadWorkerConfig } from '../config/worker-config';
import { startExportWorker, type ExportWorker } from '../exports/export.worker';
import { closeWithin, InFlightJobs } from './in-flight-jobs';
import { queuePolicies } from './queue-policy';

jest.setTimeout(120_000);

describe('per-queue operations: retry policy from the worker config, dead letters for every queue, shutdown returns in-flight jobs (real Postgres + Redis)', () => {
  let db: TestDatabase;
  let ns: TestRedisNamespace;
  let dataSource: DataSource;
  let connection: Redis;
  let exportsDir: string;
  let orgId: string;
  const logger = createLogger('queue-ops-test', 'silent');

  beforeAll(async () => {
    db = await createTestDatabase();
    ns = createTestRedisPrefix();
    dataSource = await createDataSource({ url: db.url, poolSize: 2 }).initialize();
    connection = new Redis(ns.url, { maxRetriesPerRequest: null });
    exportsDir = mkdtempSync(join(tmpdir(), 'sluice-queue-ops-'));
    [{ id: orgId }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme') RETURNING id`)) as Array<{ id: string }>;
  });

  afterAll(async () => {
    connection?.disconnect();
    await dataSource?.destroy();
    await ns?.flush();
    await db?.drop();
    rmSync(exportsDir, { recursive: true, force: true });
  });

  const config = (env: Record<string, string> = {}) =>
    loadWorkerConfig({ DATABASE_URL: db.url, REDIS_URL: ns.url, QUEUE_PREFIX: ns.prefix, LOG_LEVEL: 'silent', EXPORTS_DIR: exportsDir, SLUICE_AUDIT_SIGNING_KEY: generateDevSigningKey().privateKeyBase64, ...env });

  it('reads concurrency, attempts and backoff per queue from the environment (zod defaults otherwise)', () => {
    const parsed = config({ EXPORT_CONCURRENCY: '3', EXPORT_ATTEMPTS: '4', EXPORT_BACKOFF_MS: '10', ALERT_ATTEMPTS: '7', SEMANTIC_CACHE_BACKOFF_MS: '0' });
    const policies = queuePolicies(parsed);
    expect(policies.exports).toEqual({ concurrency: 3, attempts: 4, backoffMs: 10 });
    expect(policies.alerts).toEqual({ concurrency: 2, attempts: 7, backoffMs: 1000 });
    expect(policies.semanticCache).toEqual({ concurrency: 2, attempts: 5, backoffMs: 0 });
    expect(policies.usage).toEqual({ concurrency: parsed.USAGE_CONCURRENCY, attempts: parsed.USAGE_ATTEMPTS, backoffMs: parsed.USAGE_BACKOFF_MS });
    expect(() => config({ EXPORT_ATTEMPTS: '0' })).toThrow(/EXPORT_ATTEMPTS/);
  });

  it('retries a failing export EXPORT_ATTEMPTS times with backoff, then marks it failed and dead-letters the job', async () => {
    const worker: ExportWorker = await startExportWorker(config({ EXPORT_ATTEMPTS: '3', EXPORT_BACKOFF_MS: '50' }), connection, logger);
    const queue = new Queue(QueueName.Exports, { connection, prefix: ns.prefix });
    const dead = new Queue<DeadLetterJob>(EXPORTS_DEAD_QUEUE, { connection, prefix: ns.prefix });
    try {
      // Filters the audit export cannot read: every attempt fails (an ordinary error, so it is retried).
      const [{ id }] = (await dataSource.query(`INSERT INTO export_jobs (org_id, kind, format, filters) VALUES ($1, 'audit', 'jsonl', '{"bogus": 1}') RETURNING id`, [orgId])) as Array<{ id: string }>;
      await dataSource.transaction((m) => appendAuditEvent(m, { orgId, actor: { type: 'system', id: 'test', authMethod: 'system' }, action: 'audit.export_requested', target: { type: 'audit_export', id }, result: 'success' }));
      // The producer asks for one attempt; the worker's policy decides.
      await queue.add('audit', { exportId: id, orgId, kind: 'audit' }, { jobId: id, attempts: 1 });
      const entry = await waitFor(async () => (await dead.getJob(`dead-${id}`))?.data, { timeoutMs: 30_000, intervalMs: 50 });
      expect(entry).toMatchObject({ queue: QueueName.Exports, jobId: id, kind: 'exhausted', attempts: 3 });
      expect(entry.reason).toMatch(/failed 3 times/);
      const [row] = (await dataSource.query(`SELECT status, error FROM export_jobs WHERE id = $1`, [id])) as Array<{ status: string; error: string }>;
      expect(row.status).toBe('failed');
    } finally {
      await worker.close();
      await queue.close();
      await dead.close();
    }
  });

  it('dead-letters a malformed alert job (alerts-dead, kind malformed)', async () => {
    const worker: AlertsWorker = await startAlertsWorker(config({ KEY_EXPIRY_CHECK_INTERVAL_MS: '3600000', SPIKE_ALERT_INTERVAL_MS: '3600000' }), connection, logger);
    const queue = new Queue(QueueName.Alerts, { connection, prefix: ns.prefix });
    const dead = new Queue<DeadLetterJob>(ALERTS_DEAD_QUEUE, { connection, prefix: ns.prefix });
    try {
      const jobId = randomUUID();
      await queue.add('budget_threshold', { orgId, kind: 'budget_threshold' }, { jobId });
      const entry = await waitFor(async () => (await dead.getJob(`dead-${jobId}`))?.data, { timeoutMs: 30_000, intervalMs: 50 });
      expect(entry).toMatchObject({ queue: QueueName.Alerts, jobId, kind: 'malformed', attempts: 1 });
      expect(entry.payload).toEqual({ orgId, kind: 'budget_threshold' });
    } finally {
      await worker.close();
      await queue.close();
      await dead.close();
    }
  });

  it('a shutdown that runs out of time returns the in-flight job to its queue, and another worker takes it', async () => {
    const name = `shutdown-${randomUUID()}`;
    const queue = new Queue(name, { connection, prefix: ns.prefix });
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const first = new Worker(name, async () => stuck, { connection, prefix: ns.prefix, lockDuration: 120_000, stalledInterval: 120_000 });
    const inFlight = new InFlightJobs();
    inFlight.track(first);
    const taken: Array<Job> = [];
    let second: Worker | undefined;
    try {
      const job = await queue.add('work', { n: 1 });
      await waitFor(async () => (inFlight.size === 1 ? true : null), { timeoutMs: 10_000, intervalMs: 20 });
      const outcome = await closeWithin(300, () => first.close(), inFlight);
      expect(outcome).toEqual({ inTime: false, returned: 1 });
      // Back in wait while the first worker's 120 s lock would still hold it: handed back, not left to the stalled-job check.
      expect(await queue.getJobState(job.id!)).toBe('waiting');
      second = new Worker(name, async (j) => void taken.push(j), { connection, prefix: ns.prefix });
      await waitFor(async () => (taken.length === 1 ? true : null), { timeoutMs: 30_000, intervalMs: 20 });
      expect(taken[0].id).toBe(job.id);
    } finally {
      release();
      await second?.close();
      await first.close(true);
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
