import type { DataSource } from 'typeorm';
import { governanceSnapshotSchema, type BudgetPeriod, type GovernanceScope, type SnapshotKey } from '@sluice/contracts';
import { readGovernancePolicies } from '@sluice/db';
import { budgetPeriodAt, CompiledGovernance, RedisLimiter, type BudgetRule } from '@sluice/governance';

/** One Redis budget counter the gateway keeps: a budget rule of one scope, within one org's hash tag, for one period. */
export interface BudgetCounter {
  /** The Redis key (`<prefix>:{<orgId>}:budget:<ruleId>:<periodId>`), exactly as the gateway's limiter names it. */
  redisKey: string;
  orgId: string;
  ruleId: string;
  scope: GovernanceScope;
  scopeId: string;
  periodKind: BudgetPeriod;
  periodId: string;
  /** Null for `total` budgets. */
  periodStart: Date | null;
  periodEnd: Date | null;
  limitNanos: number;
  /** Keep the counter this long when a repair creates it (the gateway's own TTL for the period). */
  ttlMs: number;
}

interface KeyRow {
  id: string;
  org_id: string;
  team_id: string | null;
  user_id: string | null;
}

/**
 * Every budget counter the gateway can be writing at `at`, and those of periods that ended within
 * `previousWithinMs` before it (their final settlement). The gateway's own code decides: for each API key
 * in the database, `CompiledGovernance.plan` (the gateway's planner) lists the budget rules that apply
 * to a request with that key — same rule ids, period ids (`budgetPeriodAt`), hard/soft conditions — and
 * `RedisLimiter.keyOf` names their Redis keys. Nothing about rule ids or periods is re-implemented here.
 */
export async function listBudgetCounters(dataSource: DataSource, limiter: RedisLimiter, at: Date, previousWithinMs: number): Promise<BudgetCounter[]> {
  const stored = await readGovernancePolicies(dataSource.manager);
  if (stored.budgets.length === 0) return [];
  const governance = new CompiledGovernance(governanceSnapshotSchema.parse(stored));
  const keys = (await dataSource.query('SELECT id, org_id, team_id, user_id FROM api_keys ORDER BY id')) as KeyRow[];
  const counters = new Map<string, BudgetCounter>();
  const instants = instantsToSettle(at, previousWithinMs);
  const estimate = { model: '', tokens: 0, costNanos: 0 };
  for (const row of keys) {
    // plan() reads only the key's scopes (id, user, team, org).
    const key = { id: row.id, orgId: row.org_id, teamId: row.team_id, userId: row.user_id } as SnapshotKey;
    for (const instant of instants) {
      for (const rule of governance.plan(key, estimate, instant).rules) {
        if (rule.kind !== 'budget' || !rule.alert) continue;
        const redisKey = limiter.keyOf(row.org_id, rule);
        if (!counters.has(redisKey)) counters.set(redisKey, counterOf(redisKey, row.org_id, rule, instant));
      }
    }
  }
  return [...counters.values()];
}

/**
 * `at`, and for each resetting period kind whose current period began less than `previousWithinMs`
 * before `at`, the last instant of the period before it (so that period gets its final settlement).
 */
function instantsToSettle(at: Date, previousWithinMs: number): Date[] {
  const instants = new Map<number, Date>([[at.getTime(), at]]);
  for (const kind of ['daily', 'weekly', 'monthly'] as const) {
    const start = budgetPeriodAt(kind, at).startsAt!;
    if (at.getTime() - start.getTime() < previousWithinMs) instants.set(start.getTime() - 1, new Date(start.getTime() - 1));
  }
  return [...instants.values()];
}

function counterOf(redisKey: string, orgId: string, rule: BudgetRule, instant: Date): BudgetCounter {
  const spec = rule.alert!;
  const period = budgetPeriodAt(spec.periodKind, instant);
  return {
    redisKey,
    orgId,
    ruleId: rule.id,
    scope: spec.scope,
    scopeId: spec.scopeId,
    periodKind: spec.periodKind,
    periodId: rule.period,
    periodStart: period.startsAt,
    periodEnd: period.endsAt,
    limitNanos: rule.limitNanos,
    ttlMs: rule.ttlMs,
  };
}
