import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { alertEventSchema, emptyHistogram, latencyBucketOf, QueueName, type AlertEvent } from '@sluice/contracts';
import { createDataSource, credentialCipherFromEnv, DEV_KEK } from '@sluice/db';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, createTestRedisPrefix, waitFor, type TestDatabase, type TestRedisNamespace } from '@sluice/testing';
import { loadWorkerConfig } from '../config/worker-config';
import { startAlertsWorker, type AlertsWorker } from './alerts.worker';
import { raiseKeyExpiryAlerts } from './key-expiry-alerts';
import { raiseSpikeAlerts } from './spike-alerts';

jest.setTimeout(120_000);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real local HTTP receiver; `failNext` answers 500 to that many requests first. */
async function startReceiver() {
  const received: Received[] = [];
  let failNext = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (failNext > 0) {
        failNext--;
        res.statusCode = 500;
      } else if (req.url === '/gone') {
        res.statusCode = 410;
      }
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failNextRequests: (n: number) => (failNext = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('alert delivery to webhooks through the alerts queue (real Postgres + Redis + HTTP receiver)', () => {
  let db: TestDatabase;
  let ns: TestRedisNamespace;
  let dataSource: DataSource;
  let connection: Redis;
  let queue: Queue;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: AlertsWorker;
  let orgId: string;
  const cipher = credentialCipherFromEnv({ SLUICE_KEK: DEV_KEK, SLUICE_KEK_PREVIOUS: [] });

  async function addWebhook(path: string, kind: 'generic' | 'slack', secret: string | null, eventKinds: string[] = [], url?: string): Promise<string> {
    const sealed = secret ? cipher.encrypt(secret) : null;
    const [row] = (await dataSource.query(
      `INSERT INTO webhooks (org_id, name, url, kind, secret_ciphertext, secret_key_id, event_kinds) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [orgId, path, url ?? `${receiver.url}${path}`, kind, sealed?.ciphertext ?? null, sealed?.keyId ?? null, eventKinds],
    )) as Array<{ id: string }>;
    return row.id;
  }

  const alertOf = (overrides: Partial<AlertEvent> = {}): AlertEvent =>
    alertEventSchema.parse({
      id: randomUUID(),
      kind: 'budget_threshold',
      orgId,
      scope: { type: 'team', id: 'team-1' },
      dedupeKey: `budget_threshold:team:team-1:monthly:2026-11-01:0.8:${randomUUID()}`,
      severity: 'warning',
      summary: 'Team team-1 has spent 80% of its monthly budget',
      details: { spentUsd: 80.5, limitUsd: 100 },
      occurredAt: new Date().toISOString(),
      ...overrides,
    });

  const deliveries = (dedupeKey: string) =>
    dataSource.query(`SELECT webhook_id, status, attempts, response_status, error FROM webhook_deliveries WHERE dedupe_key = $1 ORDER BY created_at`, [dedupeKey]) as Promise<
      Array<{ webhook_id: string; status: string; attempts: number; response_status: number | null; error: string | null }>
    >;
  const settled = (dedupeKey: string, count: number) =>
    waitFor(
      async () => {
        const rows = await deliveries(dedupeKey);
        return rows.length === count && rows.every((r) => r.status !== 'pending') ? rows : null;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    ns = createTestRedisPrefix();
    dataSource = await createDataSource({ url: db.url }).initialize();
    connection = new Redis(ns.url, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.Alerts, { connection, prefix: ns.prefix });
    receiver = await startReceiver();
    [{ id: orgId }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme') RETURNING id`)) as Array<{ id: string }>;
    const config = loadWorkerConfig({
      DATABASE_URL: db.url,
      REDIS_URL: ns.url,
      QUEUE_PREFIX: ns.prefix,
      LOG_LEVEL: 'silent',
      EGRESS_ALLOW_LOOPBACK: 'true',
      ALERT_DELIVERY_ATTEMPTS: '3',
      ALERT_DELIVERY_BACKOFF_MS: '50',
    });
    worker = await startAlertsWorker(config, connection, createLogger('worker-test', 'silent'));
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    connection?.disconnect();
    await receiver?.close();
    await dataSource?.destroy();
    await ns?.flush();
    await db?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM webhooks');
    receiver.received.length = 0;
  });

  it('delivers a signed alert once, retrying after a 500; a redelivered dedupeKey is not sent again', async () => {
    const webhookId = await addWebhook('/generic', 'generic', 'whsec-test');
    receiver.failNextRequests(1);
    const alert = alertOf();
    await queue.add(alert.kind, alert, { jobId: alert.id });
    const [row] = await settled(alert.dedupeKey, 1);
    expect(row).toMatchObject({ webhook_id: webhookId, status: 'delivered', attempts: 2, response_status: 200 });
    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1];
    expect(JSON.parse(last.body)).toEqual(alert);
    const expected = createHmac('sha256', 'whsec-test').update(`${String(last.headers['x-sluice-timestamp'])}.${last.body}`).digest('hex');
    expect(last.headers['x-sluice-signature']).toBe(`sha256=${expected}`);

    // The same condition raised again (new alert id, same dedupeKey), and the same job added again.
    const again = { ...alert, id: randomUUID() };
    const secondJob = await queue.add(again.kind, again, { jobId: again.id });
    await waitFor(async () => ((await secondJob.isCompleted()) ? true : null), { timeoutMs: 30_000, intervalMs: 50 });
    expect(secondJob.id).toBe(again.id);
    expect(receiver.received).toHaveLength(2);
    expect(await deliveries(alert.dedupeKey)).toHaveLength(1);
  });

  it('sends Slack webhooks {text, blocks}, honours event-kind filters and disabled webhooks', async () => {
    const slack = await addWebhook('/slack', 'slack', null);
    await addWebhook('/latency-only', 'generic', null, ['latency_spike']);
    const disabled = await addWebhook('/disabled', 'generic', null);
    await dataSource.query('UPDATE webhooks SET enabled = false WHERE id = $1', [disabled]);
    const alert = alertOf();
    await queue.add(alert.kind, alert, { jobId: alert.id });
    const rows = await settled(alert.dedupeKey, 1);
    expect(rows[0]).toMatchObject({ webhook_id: slack, status: 'delivered' });
    expect(receiver.received.map((r) => r.path)).toEqual(['/slack']);
    const body = JSON.parse(receiver.received[0].body) as { text: string; blocks: unknown[] };
    expect(body.text).toContain(alert.summary);
    expect(body.blocks.length).toBeGreaterThan(0);
  });

  it('records failures: a 4xx is not retried, 5xx retries are bounded, private addresses are refused by the egress policy', async () => {
    await addWebhook('/gone', 'generic', null);
    const alert = alertOf();
    await queue.add(alert.kind, alert, { jobId: alert.id });
    expect((await settled(alert.dedupeKey, 1))[0]).toMatchObject({ status: 'failed', attempts: 1, response_status: 410 });

    await dataSource.query('DELETE FROM webhooks');
    await addWebhook('/always-500', 'generic', null);
    receiver.failNextRequests(10);
    const flaky = alertOf();
    await queue.add(flaky.kind, flaky, { jobId: flaky.id });
    expect((await settled(flaky.dedupeKey, 1))[0]).toMatchObject({ status: 'failed', attempts: 3, response_status: 500 });
    receiver.failNextRequests(0);

    await dataSource.query('DELETE FROM webhooks');
    await addWebhook('/metadata', 'generic', null, [], 'http://169.254.169.254/latest/meta-data');
    const blocked = alertOf();
    await queue.add(blocked.kind, blocked, { jobId: blocked.id });
    const [row] = await settled(blocked.dedupeKey, 1);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error).toContain('egress');
  });
  it('raises key_expiring once per key per day for unrevoked keys expiring within 7 days, delivered once per day', async () => {
    const webhookId = await addWebhook('/keys', 'generic', null, ['key_expiring']);
    const now = new Date();
    const insertKey = async (name: string, hoursLeft: number, revoked = false) => {
      const [row] = (await dataSource.query(
        `INSERT INTO api_keys (org_id, name, display_prefix, hash, expires_at, revoked_at) VALUES ($1, $2, 'sk-sluice-abcd1234', $3, $4, $5) RETURNING id`,
        [orgId, name, randomBytes(32).toString('hex'), new Date(now.getTime() + hoursLeft * 3_600_000), revoked ? now : null],
      )) as Array<{ id: string }>;
      return row.id;
    };
    const expiring = await insertKey('ci', 72);
    await insertKey('later', 24 * 10);
    await insertKey('revoked', 48, true);
    await insertKey('expired', -1);

    expect(await raiseKeyExpiryAlerts(dataSource, queue, now)).toBe(1);
    expect(await raiseKeyExpiryAlerts(dataSource, queue, now)).toBe(1);
    const today = `key_expiring:key:${expiring}:${now.toISOString().slice(0, 10)}`;
    expect((await settled(today, 1))[0]).toMatchObject({ webhook_id: webhookId, status: 'delivered' });
    const tomorrowAt = new Date(now.getTime() + 86_400_000);
    await raiseKeyExpiryAlerts(dataSource, queue, tomorrowAt);
    await settled(`key_expiring:key:${expiring}:${tomorrowAt.toISOString().slice(0, 10)}`, 1);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as AlertEvent);
    expect(bodies).toHaveLength(2);
    expect(bodies.map((b) => [b.kind, b.scope])).toEqual([
      ['key_expiring', { type: 'key', id: expiring }],
      ['key_expiring', { type: 'key', id: expiring }],
    ]);
    expect(JSON.stringify(bodies)).not.toMatch(/[0-9a-f]{64}/);
  });
  it('raises error-rate and p95-latency spikes per model/provider from minute rollups, once per window; quiet models raise nothing', async () => {
    await addWebhook('/spikes', 'generic', null, ['error_rate_spike', 'latency_spike']);
    const now = new Date();
    const bucket = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000);
    const rollup = async (model: string, requests: number, errors: number, latencyMs: number) => {
      const histogram = emptyHistogram();
      histogram[latencyBucketOf(latencyMs)] = requests;
      await dataSource.query(
        `INSERT INTO usage_rollups (grain, bucket_start, org_id, model, provider, request_count, error_count, latency_ms_sum, latency_buckets) VALUES ('minute', $1, $2, $3, 'openai', $4, $5, $6, $7)`,
        [bucket, orgId, model, requests, errors, latencyMs * requests, histogram],
      );
    };
    await rollup('gpt-4o', 40, 20, 45_000);
    await rollup('gpt-4o-mini', 40, 1, 200);
    await rollup('quiet', 5, 5, 60_000);
    const options = { windowMinutes: 5, minRequests: 20, errorRateThreshold: 0.2, latencyP95Ms: 30_000 };
    const raised = await raiseSpikeAlerts(dataSource, queue, options, now);
    expect(raised.map((a) => [a.kind, a.details.model, a.scope])).toEqual([
      ['error_rate_spike', 'gpt-4o', { type: 'provider', id: 'openai' }],
      ['latency_spike', 'gpt-4o', { type: 'provider', id: 'openai' }],
    ]);
    expect(raised[0].details.errorRate).toBe(0.5);
    await raiseSpikeAlerts(dataSource, queue, options, now);
    for (const alert of raised) expect((await settled(alert.dedupeKey, 1))[0].status).toBe('delivered');
    expect(receiver.received.map((r) => (JSON.parse(r.body) as AlertEvent).kind).sort()).toEqual(['error_rate_spike', 'latency_spike']);
  });
});
