import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { RedisLimiter } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import { authoritativeSpend } from './authoritative-spend';
import { listBudgetCounters, type BudgetCounter } from './budget-counters';
import type { IngestionWatermark } from './ingestion-watermark';

export interface SpendReconcilerOptions {
  /** The gateway's QUEUE_PREFIX as configured (not BullMQ's hash-tagged form): its budget counters live under it. */
  prefix: string;
  /** Largest clock difference assumed between gateways and this worker (widens the snapshot's instant). */
  clockSkewMs: number;
  /** How long a run waits for ingestion to pass its snapshot before giving up (nothing is repaired then). */
  watermarkTimeoutMs: number;
  /** A period that ended this long before a run gets its final settlement in that run. */
  previousPeriodWithinMs: number;
}

/** What a run found and did, per counter and in total. */
export interface ReconciliationReport {
  status: 'reconciled' | 'skipped_watermark' | 'skipped_locked';
  counters: number;
  repaired: Array<{ redisKey: string; orgId: string; ruleId: string; periodId: string; counterNanos: string; authoritativeNanos: string; driftNanos: string }>;
}

export interface SpendReconcilerMetrics {
  run(status: ReconciliationReport['status']): void;
  checked(count: number): void;
  repaired(scope: string, direction: 'over' | 'under', driftNanos: bigint): void;
}

type RepairCommand = { sluiceRepairBudget(key: string, delta: string, ttlMs: number): Promise<number> };

/**
 * HINCRBY the counter's `spent` by the correction (never touching `reserved`, the in-flight
 * reservations), and give a counter the repair created the gateway's TTL.
 */
const REPAIR_SCRIPT = `
local spent = redis.call('HINCRBY', KEYS[1], 'spent', ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return spent
`;

/**
 * Spend reconciliation: settles the authoritative spend of every gateway budget counter in Postgres
 * from the ingested usage events, compares it with the Redis counter, repairs drift and reports it.
 *
 * One run:
 * 1. lists the counters the gateway can be writing (current period, and the one that just ended);
 * 2. reads all of them (one MULTI per org: one instant of that org's counters), between `t0` and `t1` on this clock;
 * 3. waits until ingestion has passed `t1 + clockSkew` (the watermark: every event of a request that
 *    ended by then is in request_logs), giving up after `watermarkTimeoutMs`;
 * 4. per counter, sums the period's spend of requests that ended before `t0 − skew` (low) and by
 *    `t1 + skew` (high); a counter within [low − n, high + n] (n events, the rounding bound) is right;
 * 5. otherwise moves it to the nearest bound with HINCRBY of the difference — applied as a delta, so
 *    whatever the gateway booked since the snapshot stays, and `reserved` is never touched. The
 *    counter then equals the authoritative spend at the snapshot plus what was booked after it;
 * 6. upserts `budget_spend_settlements` and, for each repair, appends `budget.spend_reconciled` to the
 *    org's audit trail (same transaction), logs it and counts it in the metrics.
 *
 * A new period starts from zero on its own (the gateway's keys carry the period id), and step 1 makes
 * the last run after a boundary settle the period that just ended. Runs are serialized across worker
 * processes by a Redis lock (a second concurrent run would apply the same delta twice).
 */
export class SpendReconciler {
  private readonly limiter: RedisLimiter;

  constructor(
    private readonly deps: { dataSource: DataSource; pool: Pool; redis: Redis; watermark: IngestionWatermark; logger: Logger; metrics?: SpendReconcilerMetrics },
    private readonly options: SpendReconcilerOptions,
  ) {
    this.limiter = new RedisLimiter(deps.redis, options.prefix);
    deps.redis.defineCommand('sluiceRepairBudget', { lua: REPAIR_SCRIPT, numberOfKeys: 1 });
  }

  async run(runId: string): Promise<ReconciliationReport> {
    const lockKey = `${this.options.prefix}:spend-reconciliation:lock`;
    const lockMs = this.options.watermarkTimeoutMs + 10 * 60_000;
    const locked = await this.deps.redis.set(lockKey, runId, 'PX', lockMs, 'NX');
    if (locked !== 'OK') {
      this.deps.logger.info({ runId }, 'spend reconciliation already running elsewhere; skipped');
      return this.finish({ status: 'skipped_locked', counters: 0, repaired: [] });
    }
    try {
      return this.finish(await this.reconcile(runId));
    } finally {
      // Release only our own lock.
      await this.deps.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, lockKey, runId);
    }
  }

  private finish(report: ReconciliationReport): ReconciliationReport {
    this.deps.metrics?.run(report.status);
    return report;
  }

  private async reconcile(runId: string): Promise<ReconciliationReport> {
    const { logger } = this.deps;
    const counters = await listBudgetCounters(this.deps.dataSource, this.limiter, new Date(), this.options.previousPeriodWithinMs);
    if (counters.length === 0) return { status: 'reconciled', counters: 0, repaired: [] };
    const t0 = new Date();
    const snapshot = await this.readCounters(counters);
    const t1 = new Date();
    const skew = this.options.clockSkewMs;
    const until = new Date(t1.getTime() + skew);
    if (!(await this.deps.watermark.waitUntilPassed(until, this.options.watermarkTimeoutMs))) {
      logger.warn({ runId, snapshotAt: t1.toISOString() }, 'spend reconciliation skipped: usage ingestion did not pass the snapshot in time (backlog?)');
      return { status: 'skipped_watermark', counters: counters.length, repaired: [] };
    }
    const from = new Date(t0.getTime() - skew);
    const repaired: ReconciliationReport['repaired'] = [];
    for (const [i, counter] of counters.entries()) {
      const counterNanos = snapshot[i];
      const spend = await authoritativeSpend(this.deps.pool, counter, from, until);
      const low = spend.lowNanos - spend.events;
      const high = spend.highNanos + spend.events;
      const correction = counterNanos > high ? spend.highNanos - counterNanos : counterNanos < low ? spend.lowNanos - counterNanos : 0n;
      const authoritative = correction === 0n ? counterNanos : counterNanos + correction;
      if (correction !== 0n) {
        await (this.deps.redis as unknown as RepairCommand).sluiceRepairBudget(counter.redisKey, correction.toString(), counter.ttlMs);
        const drift = -correction;
        this.deps.metrics?.repaired(counter.scope, drift > 0n ? 'over' : 'under', drift);
        logger.warn(
          { runId, orgId: counter.orgId, rule: counter.ruleId, period: counter.periodId, counterNanos: counterNanos.toString(), authoritativeNanos: authoritative.toString(), driftNanos: drift.toString() },
          'budget counter drifted from ingested spend; repaired',
        );
        repaired.push({ redisKey: counter.redisKey, orgId: counter.orgId, ruleId: counter.ruleId, periodId: counter.periodId, counterNanos: counterNanos.toString(), authoritativeNanos: authoritative.toString(), driftNanos: drift.toString() });
      }
      await this.record(runId, counter, until, authoritative, counterNanos, -correction);
    }
    this.deps.metrics?.checked(counters.length);
    logger.info({ runId, counters: counters.length, repaired: repaired.length }, 'spend reconciliation done');
    return { status: 'reconciled', counters: counters.length, repaired };
  }

  /**
   * `spent` of every counter, one MULTI per organization: an org's counters share its `{orgId}` hash
   * tag (one slot on a Cluster), so each org's counters are read at one point of the gateways' writes.
   * All reads happen between the caller's `t0` and `t1`, which is all the comparison relies on.
   */
  private async readCounters(counters: BudgetCounter[]): Promise<bigint[]> {
    const byOrg = new Map<string, number[]>();
    counters.forEach((counter, i) => {
      const list = byOrg.get(counter.orgId);
      if (list) list.push(i);
      else byOrg.set(counter.orgId, [i]);
    });
    const values: bigint[] = new Array<bigint>(counters.length);
    for (const indexes of byOrg.values()) {
      const multi = this.deps.redis.multi();
      for (const i of indexes) multi.hget(counters[i].redisKey, 'spent');
      const replies = (await multi.exec()) ?? [];
      indexes.forEach((counterIndex, j) => {
        const [error, value] = replies[j] ?? [new Error('no reply from Redis'), null];
        if (error) throw error;
        values[counterIndex] = BigInt((value as string | null) ?? '0');
      });
    }
    return values;
  }

  private async record(runId: string, counter: BudgetCounter, settledThrough: Date, authoritative: bigint, counterNanos: bigint, drift: bigint): Promise<void> {
    await this.deps.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO budget_spend_settlements
           (org_id, rule_id, period_id, scope_type, scope_id, period_kind, period_start, period_end, limit_nanos, settled_through, authoritative_nanos, counter_nanos, drift_nanos, repaired_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $13::bigint <> 0 THEN now() END, now())
         ON CONFLICT (org_id, rule_id, period_id) DO UPDATE SET
           scope_type = EXCLUDED.scope_type, scope_id = EXCLUDED.scope_id, limit_nanos = EXCLUDED.limit_nanos,
           settled_through = EXCLUDED.settled_through, authoritative_nanos = EXCLUDED.authoritative_nanos,
           counter_nanos = EXCLUDED.counter_nanos, drift_nanos = EXCLUDED.drift_nanos,
           repaired_at = COALESCE(EXCLUDED.repaired_at, budget_spend_settlements.repaired_at), updated_at = now()`,
        [
          counter.orgId, counter.ruleId, counter.periodId, counter.scope, counter.scopeId, counter.periodKind, counter.periodStart, counter.periodEnd,
          counter.limitNanos, settledThrough, authoritative.toString(), counterNanos.toString(), drift.toString(),
        ],
      );
      if (drift === 0n) return;
      await appendAuditEvent(manager, {
        orgId: counter.orgId,
        actor: { type: 'system', id: 'worker', authMethod: 'system' },
        action: 'budget.spend_reconciled',
        target: { type: 'budget_counter', id: `${counter.ruleId}:${counter.periodId}` },
        before: { spentNanos: counterNanos.toString() },
        after: {
          spentNanos: authoritative.toString(),
          driftNanos: drift.toString(),
          driftUsd: Number(drift) / 1e9,
          scope: counter.scope,
          scopeId: counter.scopeId,
          period: counter.periodKind,
          periodId: counter.periodId,
          settledThrough: settledThrough.toISOString(),
        },
        result: 'success',
        requestId: runId,
      });
    });
  }
}
