import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { credentialCipherFromEnv, createDataSource, DEV_KEK, seedDemo } from '@sluice/db';
import { RedisLimiter, type BudgetRule } from '@sluice/governance';
import {
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  spawnService,
  startMockProvider,
  waitFor,
  type MockProviderProcess,
  type SpawnedService,
  type TestDatabase,
  type TestRedisNamespace,
} from '@sluice/testing';

jest.setTimeout(240_000);

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const entry = (app: string) => join(WORKSPACE_ROOT, 'apps', app, 'dist', 'main.js');
const PEPPER = 'spend-reconciliation-pepper-0123456789';
const DEMO_KEY = 'sk-sluice-spendrecon0123456789abcdefghijklmn';
const REQUESTS = 20;

interface Settlement {
  scope_type: string;
  rule_id: string;
  period_id: string;
  authoritative_nanos: string;
  counter_nanos: string;
  drift_nanos: string;
}

/**
 * The whole loop with real processes: a gateway (Postgres config, Redis limiter) books the spend of
 * real calls to the mock provider into its budget counters and publishes usage events; a worker ingests
 * them and reconciles. At steady state the worker finds no drift; counters broken behind the gateway's
 * back (a double count, a lost counter) are repaired to the ingested spend and audited.
 */
describe('spend reconciliation against a real gateway and worker (processes, Postgres, Redis, mock provider)', () => {
  let database: TestDatabase;
  let redisNs: TestRedisNamespace;
  let mock: MockProviderProcess;
  let pool: Pool;
  let redis: Redis;
  let gateway: SpawnedService;
  let worker: SpawnedService;
  let orgId: string;
  let teamId: string;

  beforeAll(async () => {
    [database, mock] = await Promise.all([createTestDatabase(), startMockProvider()]);
    redisNs = createTestRedisPrefix();
    const dataSource = await createDataSource({ url: database.url }).initialize();
    try {
      ({ orgId, teamId } = await seedDemo(dataSource, {
        keyPepper: PEPPER,
        credentialCipher: credentialCipherFromEnv({ SLUICE_KEK: DEV_KEK, SLUICE_KEK_PREVIOUS: [] }),
        demoApiKey: DEMO_KEY,
        mockProviderUrl: mock.url,
      }));
      for (const [scope, scopeId, spec] of [
        ['org', orgId, { amountUsd: 1000, period: 'monthly' }],
        ['team', teamId, { amountUsd: 500, period: 'daily', hard: false, alertThresholds: [0.9] }],
      ] as const) {
        const [policy] = (await dataSource.query(`INSERT INTO policies (org_id, kind, name, spec) VALUES ($1, 'budget', $2, $3) RETURNING id`, [orgId, `budget-${scope}`, JSON.stringify(spec)])) as Array<{ id: string }>;
        await dataSource.query(`INSERT INTO policy_attachments (org_id, policy_id, kind, scope_type, scope_id) VALUES ($1, $2, 'budget', $3, $4)`, [orgId, policy.id, scope, scopeId]);
      }
    } finally {
      await dataSource.destroy();
    }
    pool = new Pool({ connectionString: database.url, max: 2 });
    redis = new Redis(redisNs.url, { maxRetriesPerRequest: null });
    const common = { ...process.env, DATABASE_URL: database.url, REDIS_URL: redisNs.url, QUEUE_PREFIX: redisNs.prefix, SLUICE_KEY_PEPPER: PEPPER, SLUICE_KEK: DEV_KEK, LOG_LEVEL: 'warn' };
    const [gatewayPort, workerPort] = [await freePort(), await freePort()];
    [gateway, worker] = await Promise.all([
      spawnService({
        name: 'gateway',
        entry: entry('gateway'),
        env: { ...common, GATEWAY_PORT: String(gatewayPort), HOST: '127.0.0.1', USAGE_SPOOL_DIR: join(mkdtempSync(join(tmpdir(), 'sluice-spend-')), 'spool') },
        url: `http://127.0.0.1:${gatewayPort}`,
      }),
      spawnService({
        name: 'worker',
        entry: entry('worker'),
        env: {
          ...common,
          WORKER_HEALTH_PORT: String(workerPort),
          SPEND_RECONCILIATION_INTERVAL_MS: '1500',
          SPEND_RECONCILIATION_INGESTION_GRACE_MS: '1500',
          SPEND_RECONCILIATION_CLOCK_SKEW_MS: '500',
        },
        url: `http://127.0.0.1:${workerPort}`,
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop(), worker?.stop()]);
    await mock?.stop();
    redis?.disconnect();
    await pool?.end();
    await redisNs?.flush();
    await database?.drop();
  });

  const settlements = async () =>
    (await pool.query<Settlement>(`SELECT scope_type, rule_id, period_id, authoritative_nanos, counter_nanos, drift_nanos FROM budget_spend_settlements WHERE org_id = $1 ORDER BY scope_type, period_id DESC`, [orgId])).rows;
  const ingestedNanos = async () => Number((await pool.query<{ n: string }>(`SELECT COALESCE(SUM(CEIL(cost_usd * 1000000000)), 0)::bigint AS n FROM request_logs WHERE org_id = $1`, [orgId])).rows[0].n);
  const counterKey = (s: Settlement) => new RedisLimiter(redis, redisNs.prefix).keyOf(orgId, { kind: 'budget', id: s.rule_id, period: s.period_id } as BudgetRule);
  const spent = async (s: Settlement) => Number((await redis.hget(counterKey(s), 'spent')) ?? 0);

  it('finds the gateway’s counters equal to the ingested spend, and repairs a double count and a lost counter', async () => {
    for (let i = 0; i < REQUESTS; i++) {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: `spend ${i}` }] }),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const total = await waitFor(
      async () => {
        const rows = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request_logs WHERE org_id = $1', [orgId])).rows[0].n;
        return rows === REQUESTS ? ingestedNanos() : null;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(total).toBeGreaterThan(0);

    // Steady state: a run after the traffic settled both counters at the ingested spend, with nothing to repair.
    const [org, team] = await waitFor(
      async () => {
        const rows = await settlements();
        const current = ['org', 'team'].map((scope) => rows.find((r) => r.scope_type === scope && Number(r.authoritative_nanos) === total));
        return current.every(Boolean) ? (current as Settlement[]) : null;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect([org.drift_nanos, team.drift_nanos]).toEqual(['0', '0']);
    expect(await spent(org)).toBe(total);
    expect(await spent(team)).toBe(total);
    // No run repaired anything while traffic and ingestion were in flight.
    expect((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1 AND action = 'budget.spend_reconciled'`, [orgId])).rows[0].n).toBe(0);

    // Broken behind the gateway's back: the org counter double-counts $5, the team counter is lost (Redis flushed).
    await redis.hincrby(counterKey(org), 'spent', 5_000_000_000);
    await redis.del(counterKey(team));
    await waitFor(async () => ((await spent(org)) === total && (await spent(team)) === total ? true : null), { timeoutMs: 60_000, intervalMs: 200 });
    // The repair is recorded (settlement row + audit event) right after the counter is corrected.
    const repairs = async () => (await pool.query<{ after: { scope: string; driftNanos: string } }>(`SELECT after FROM audit_events WHERE org_id = $1 AND action = 'budget.spend_reconciled' ORDER BY seq`, [orgId])).rows;
    const audited = await waitFor(async () => ((await repairs()).length >= 2 ? repairs() : null), { timeoutMs: 30_000, intervalMs: 200 });
    expect(audited.map((a) => [a.after.scope, a.after.driftNanos]).sort()).toEqual([
      ['org', '5000000000'],
      ['team', String(-total)],
    ]);
  });
});
