import { createHash, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { governanceSnapshotSchema, QueueName, type Budget, type GovernanceScope, type SnapshotKey, type UsageEvent } from '@sluice/contracts';
import { createDataSource, readGovernancePolicies } from '@sluice/db';
import { budgetPeriodAt, CompiledGovernance, RedisLimiter, type BudgetRule } from '@sluice/governance';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, createTestRedisPrefix, waitFor, type TestDatabase, type TestRedisNamespace } from '@sluice/testing';
import { loadWorkerConfig } from '../config/worker-config';
import { RollupAccumulator } from '../rollups/usage-rollups';
import { insertRequestLogs } from '../usage/request-log-writer';
import { IngestionWatermark } from './ingestion-watermark';
import { SpendReconciler } from './spend-reconciler';
import { startSpendReconciliation } from './spend-reconciliation.worker';

jest.setTimeout(120_000);

const DAY = 86_400_000;

/**
 * Spend reconciliation against a real Postgres and Redis. The gateway side is the gateway's own code:
 * `CompiledGovernance.plan` builds the budget rules and `RedisLimiter` admits and settles them (the
 * same Lua scripts), with costs booked as the gateway books them. The Postgres side is the worker's
 * own ingestion code (request_logs + rollups).
 */
describe('spend reconciliation: Redis budget counters vs ingested spend (real Postgres + Redis)', () => {
  let db: TestDatabase;
  let ns: TestRedisNamespace;
  let dataSource: DataSource;
  let pool: Pool;
  let redis: Redis;
  let limiter: RedisLimiter;
  let usageQueue: Queue;
  let watermark: IngestionWatermark;
  let reconciler: SpendReconciler;
  let orgId: string;
  let teamId: string;
  let userId: string;
  let key: SnapshotKey;

  async function attachBudget(scope: GovernanceScope, scopeId: string, budget: Partial<Budget>): Promise<void> {
    const [policy] = (await dataSource.query(`INSERT INTO policies (org_id, kind, name, spec) VALUES ($1, 'budget', $2, $3) RETURNING id`, [
      orgId,
      `budget-${scope}`,
      JSON.stringify(budget),
    ])) as Array<{ id: string }>;
    await dataSource.query(`INSERT INTO policy_attachments (org_id, policy_id, kind, scope_type, scope_id) VALUES ($1, $2, 'budget', $3, $4)`, [orgId, policy.id, scope, scopeId]);
  }

  async function governance(): Promise<CompiledGovernance> {
    return new CompiledGovernance(governanceSnapshotSchema.parse(await readGovernancePolicies(dataSource.manager)));
  }

  function budgetRules(compiled: CompiledGovernance, at: Date, costNanos: number): BudgetRule[] {
    return compiled.plan(key, { model: 'gpt-4o-mini', tokens: 10, costNanos }, at).rules.filter((r): r is BudgetRule => r.kind === 'budget');
  }

  /** What a gateway does for one request: reserve at admission, book the real cost at the end. */
  async function gatewayBooks(compiled: CompiledGovernance, at: Date, costUsd: number): Promise<void> {
    const costNanos = Math.ceil(costUsd * 1e9);
    const rules = budgetRules(compiled, at, costNanos);
    const requestId = randomUUID();
    const admission = await limiter.admit(orgId, requestId, rules);
    expect(admission.allowed).toBe(true);
    await limiter.settle(orgId, requestId, rules, { tokenDelta: {}, costNanos });
  }

  function event(occurredAt: Date, costUsd: number): UsageEvent {
    return {
      eventId: randomUUID(), requestId: `req-${randomUUID()}`, occurredAt: occurredAt.toISOString(), orgId, teamId, apiKeyId: key.id, userId,
      endpoint: 'chat.completions', model: 'gpt-4o-mini', provider: 'mock', deploymentId: null, status: 'success', httpStatus: 200, errorCode: null,
      promptTokens: 10, completionTokens: 5, cachedTokens: 0, costUsd, latencyMs: 120, ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
    };
  }

  /** The worker's own ingestion: request_logs and rollups in one transaction. */
  async function ingest(events: UsageEvent[]): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const rollups = new RollupAccumulator();
      for (const row of await insertRequestLogs(client, events)) rollups.add(row);
      await rollups.upsert(client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  const counterKey = (rule: BudgetRule) => limiter.keyOf(orgId, rule);
  const counter = async (rule: BudgetRule) => {
    const [spent, reserved] = await redis.hmget(counterKey(rule), 'spent', 'reserved');
    return { spent: Number(spent ?? 0), reserved: Number(reserved ?? 0) };
  };
  const nanos = (usd: number) => Math.round(usd * 1e9);
  const ruleOf = (rules: BudgetRule[], scope: GovernanceScope) => rules.find((r) => r.alert?.scope === scope)!;

  beforeAll(async () => {
    db = await createTestDatabase();
    ns = createTestRedisPrefix();
    dataSource = await createDataSource({ url: db.url, poolSize: 2 }).initialize();
    pool = new Pool({ connectionString: db.url, max: 3 });
    redis = new Redis(ns.url, { maxRetriesPerRequest: null });
    limiter = new RedisLimiter(redis, ns.prefix);
    usageQueue = new Queue(QueueName.UsageEvents, { connection: redis, prefix: ns.prefix });
    watermark = new IngestionWatermark(redis, ns.prefix, 200);
    reconciler = new SpendReconciler(
      { dataSource, pool, redis, watermark, logger: createLogger('spend-test', 'silent') },
      { prefix: ns.prefix, clockSkewMs: 500, watermarkTimeoutMs: 30_000, previousPeriodWithinMs: 2 * DAY },
    );
    [{ id: orgId }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme') RETURNING id`)) as Array<{ id: string }>;
    [{ id: teamId }] = (await dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'research') RETURNING id`, [orgId])) as Array<{ id: string }>;
    [{ id: userId }] = (await dataSource.query(`INSERT INTO users (email, display_name) VALUES ('ada@acme.test', 'Ada') RETURNING id`)) as Array<{ id: string }>;
    const hash = createHash('sha256').update(randomUUID()).digest('hex');
    const [{ id: keyId }] = (await dataSource.query(
      `INSERT INTO api_keys (org_id, team_id, user_id, name, display_prefix, hash) VALUES ($1, $2, $3, 'ci', 'sk-sluice-ab', $4) RETURNING id`,
      [orgId, teamId, userId, hash],
    )) as Array<{ id: string }>;
    key = { id: keyId, orgId, teamId, userId, hash, prefix: 'sk-sluice-ab', allowedModels: [], expiresAt: null, revoked: false, ipAllowList: [], metadata: {} };
    await attachBudget('org', orgId, { amountUsd: 1000, period: 'monthly' });
    await attachBudget('team', teamId, { amountUsd: 500, period: 'daily' });
    await attachBudget('user', userId, { amountUsd: 800, period: 'weekly', hard: false, alertThresholds: [0.5] });
    await attachBudget('key', keyId, { amountUsd: 900, period: 'total' });
  });

  afterAll(async () => {
    await watermark?.close();
    await usageQueue?.close();
    redis?.disconnect();
    await pool?.end();
    await dataSource?.destroy();
    await ns?.flush();
    await db?.drop();
  });

  it('repairs lost increments and double counts to the ingested spend, keeps in-flight reservations, reports the drift, and leaves a correct counter alone', async () => {
    const compiled = await governance();
    const now = new Date();
    const recent = new Date(now.getTime() - 60_000);
    const costs = [0.0123, 0.5, 0.25, 1.75, 0.0001];
    await ingest(costs.map((c) => event(recent, c)));
    // The gateway booked four of the five requests (one increment lost, e.g. its settle call failed), and one of them twice.
    for (const c of costs.slice(0, 4)) await gatewayBooks(compiled, recent, c);
    const rules = budgetRules(compiled, recent, 0);
    const team = ruleOf(rules, 'team');
    const org = ruleOf(rules, 'org');
    await redis.hincrby(counterKey(team), 'spent', Math.ceil(1.75 * 1e9));
    // An in-flight request: reserved at admission, not settled yet.
    const inflight = budgetRules(compiled, new Date(), nanos(3));
    expect((await limiter.admit(orgId, 'in-flight', inflight)).allowed).toBe(true);
    // The org counter is then made exact (as if nothing had drifted) to check it is left alone.
    const total = costs.reduce((sum, c) => sum + nanos(c), 0);
    await redis.hset(counterKey(org), 'spent', total);

    const report = await reconciler.run('run-1');
    expect(report.status).toBe('reconciled');
    // Hard budgets keep the in-flight reservation; the soft user budget never reserves.
    for (const scope of ['team', 'user', 'key'] as const) {
      const rule = ruleOf(rules, scope);
      expect(await counter(rule)).toEqual({ spent: total, reserved: scope === 'user' ? 0 : nanos(3) });
    }
    expect(await counter(org)).toEqual({ spent: total, reserved: nanos(3) });
    const repairedKeys = report.repaired.map((r) => r.redisKey).sort();
    expect(repairedKeys).toEqual([counterKey(team), counterKey(ruleOf(rules, 'user')), counterKey(ruleOf(rules, 'key'))].sort());
    const teamRepair = report.repaired.find((r) => r.redisKey === counterKey(team))!;
    // Team: lost 0.0001, double-counted 1.75 → 1.7499 USD too much.
    expect(Number(teamRepair.driftNanos)).toBeGreaterThanOrEqual(nanos(1.7499));
    expect(Number(teamRepair.driftNanos)).toBeLessThanOrEqual(nanos(1.7499) + 5);

    const settlements = (await dataSource.query(
      `SELECT scope_type, period_id, authoritative_nanos, counter_nanos, drift_nanos, repaired_at FROM budget_spend_settlements WHERE org_id = $1 ORDER BY scope_type`,
      [orgId],
    )) as Array<{ scope_type: string; period_id: string; authoritative_nanos: string; counter_nanos: string; drift_nanos: string; repaired_at: Date | null }>;
    const current = settlements.filter((s) => rules.some((r) => r.alert?.scope === s.scope_type && r.period === s.period_id));
    expect(current.map((s) => [s.scope_type, Number(s.authoritative_nanos), s.repaired_at !== null])).toEqual([
      ['key', total, true],
      ['org', total, false],
      ['team', total, true],
      ['user', total, true],
    ]);
    expect(Number(current.find((s) => s.scope_type === 'team')!.drift_nanos)).toBe(Number(teamRepair.driftNanos));
    const audited = (await dataSource.query(`SELECT action, target_type, after FROM audit_events WHERE org_id = $1 AND action = 'budget.spend_reconciled'`, [orgId])) as Array<{
      after: { scope: string; driftNanos: string };
    }>;
    expect(audited.map((a) => a.after.scope).sort()).toEqual(['key', 'team', 'user']);

    // A second run finds nothing to repair.
    const again = await reconciler.run('run-2');
    expect(again.repaired).toEqual([]);
    await limiter.settle(orgId, 'in-flight', inflight, { tokenDelta: {}, costNanos: 0 });
  });

  it('waits for ingestion to pass its snapshot, and keeps what the gateway booked after the snapshot', async () => {
    const compiled = await governance();
    const rules = budgetRules(compiled, new Date(), 0);
    const team = ruleOf(rules, 'team');
    const before = await counter(team);
    // A usage batch still waiting in the queue holds the watermark back.
    const pending = await usageQueue.add('usage-batch', { batchId: randomUUID(), events: [] }, { jobId: 'held-back' });
    await redis.hincrby(counterKey(team), 'spent', nanos(2)); // drift: 2 USD booked that no event backs
    const run = reconciler.run('run-3');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // While the run waits, the gateway serves a request that ends after the snapshot; its event is ingested.
    const late = new Date();
    await gatewayBooks(compiled, late, 0.3);
    await ingest([event(late, 0.3)]);
    await pending.remove();
    const report = await run;
    expect(report.status).toBe('reconciled');
    expect(report.repaired.map((r) => r.redisKey)).toContain(counterKey(team));
    // The 2 USD drift is gone; the 0.3 USD booked after the snapshot stays.
    expect((await counter(team)).spent).toBe(before.spent + nanos(0.3));
  });

  it('skips (repairs nothing) when ingestion does not pass the snapshot in time', async () => {
    const quick = new SpendReconciler(
      { dataSource, pool, redis, watermark, logger: createLogger('spend-test', 'silent') },
      { prefix: ns.prefix, clockSkewMs: 0, watermarkTimeoutMs: 1000, previousPeriodWithinMs: 0 },
    );
    const team = ruleOf(budgetRules(await governance(), new Date(), 0), 'team');
    await redis.hincrby(counterKey(team), 'spent', nanos(5));
    const stuck = await usageQueue.add('usage-batch', { batchId: randomUUID(), events: [] }, { jobId: 'stuck' });
    const before = await counter(team);
    expect((await quick.run('run-4')).status).toBe('skipped_watermark');
    expect(await counter(team)).toEqual(before);
    await stuck.remove();
    expect((await quick.run('run-5')).repaired.map((r) => r.redisKey)).toContain(counterKey(team));
    await waitFor(async () => ((await counter(team)).spent === before.spent - nanos(5) ? true : null), { timeoutMs: 5000 });
  });

  it('settles the period that just ended and starts the new one from its own events (daily rollover, from rollups and raw rows)', async () => {
    const compiled = await governance();
    const now = new Date();
    const today = budgetPeriodAt('daily', now);
    const lastMinuteOfYesterday = new Date(today.startsAt!.getTime() - 60_000);
    const twoDaysAgo = new Date(today.startsAt!.getTime() - DAY - 3_600_000);
    await ingest([event(lastMinuteOfYesterday, 4), event(lastMinuteOfYesterday, 0.5), event(twoDaysAgo, 7)]);
    // The gateway lost everything it booked for yesterday (e.g. Redis was flushed overnight).
    const yesterdayTeam = ruleOf(budgetRules(compiled, lastMinuteOfYesterday, 0), 'team');
    const todayTeam = ruleOf(budgetRules(compiled, now, 0), 'team');
    expect(yesterdayTeam.period).not.toBe(todayTeam.period);
    await redis.del(counterKey(yesterdayTeam));
    const todayBefore = await counter(todayTeam);

    const report = await reconciler.run('run-6');
    expect(report.repaired.map((r) => r.redisKey)).toContain(counterKey(yesterdayTeam));
    expect((await counter(yesterdayTeam)).spent).toBe(nanos(4.5));
    // The recreated counter expires like the gateway's (a day after its period).
    const ttl = await redis.pttl(counterKey(yesterdayTeam));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2 * DAY);
    // Today's counter does not include yesterday's (or older) events: a new period starts from its own.
    expect(report.repaired.map((r) => r.redisKey)).not.toContain(counterKey(todayTeam));
    expect(await counter(todayTeam)).toEqual(todayBefore);
    // The total-period key budget includes every day (two days ago from the day rollups).
    const keyRule = ruleOf(budgetRules(compiled, now, 0), 'key');
    const [row] = (await dataSource.query(`SELECT authoritative_nanos FROM budget_spend_settlements WHERE org_id = $1 AND rule_id = $2 AND period_id = 'total'`, [
      orgId,
      keyRule.id,
    ])) as Array<{ authoritative_nanos: string }>;
    expect((await counter(keyRule)).spent).toBe(Number(row.authoritative_nanos));
    const { rows } = await pool.query<{ nanos: string }>(`SELECT SUM(CEIL(cost_usd * 1000000000))::bigint AS nanos FROM request_logs WHERE api_key_id = $1`, [key.id]);
    expect(Number(row.authoritative_nanos)).toBe(Number(rows[0].nanos));
  });

  it('runs on its schedule through the spend-reconciliation queue and counts repairs in the metrics', async () => {
    const registry = new Registry();
    const config = loadWorkerConfig({
      DATABASE_URL: db.url,
      REDIS_URL: ns.url,
      QUEUE_PREFIX: ns.prefix,
      LOG_LEVEL: 'silent',
      SPEND_RECONCILIATION_INTERVAL_MS: '1000',
      SPEND_RECONCILIATION_INGESTION_GRACE_MS: '200',
      SPEND_RECONCILIATION_CLOCK_SKEW_MS: '200',
    });
    const team = ruleOf(budgetRules(await governance(), new Date(), 0), 'team');
    const expected = (await counter(team)).spent;
    await redis.hincrby(counterKey(team), 'spent', nanos(9));
    const scheduled = await startSpendReconciliation(config, { connection: redis, pool, dataSource, logger: createLogger('spend-test', 'silent'), registry });
    try {
      await waitFor(async () => ((await counter(team)).spent === expected ? true : null), { timeoutMs: 30_000, intervalMs: 100 });
    } finally {
      await scheduled.close();
    }
    const metrics = await registry.getMetricsAsJSON();
    const repairs = metrics.find((m) => m.name === 'sluice_worker_budget_drift_repairs_total') as { values: Array<{ labels: Record<string, string>; value: number }> };
    expect(repairs.values.find((v) => v.labels.scope === 'team' && v.labels.direction === 'over')?.value).toBeGreaterThanOrEqual(1);
    const runs = metrics.find((m) => m.name === 'sluice_worker_budget_reconciliation_runs_total') as { values: Array<{ labels: Record<string, string>; value: number }> };
    expect(runs.values.find((v) => v.labels.status === 'reconciled')?.value).toBeGreaterThanOrEqual(1);
  });

  it('serializes runs across workers: a second concurrent run is skipped', async () => {
    await redis.set(`${ns.prefix}:spend-reconciliation:lock`, 'other-worker', 'PX', 10_000);
    try {
      expect((await reconciler.run('run-7')).status).toBe('skipped_locked');
    } finally {
      await redis.del(`${ns.prefix}:spend-reconciliation:lock`);
    }
  });
});
