import type { CachePolicy, GovernanceScope, GovernanceSnapshot, LimitPolicy, LoggingPolicy, RateLimits, SnapshotKey } from '@sluice/contracts';
import type { BudgetRule, LimitRule } from '../limits/limit-rule';
import { budgetPeriodAt } from './budget-period';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A concurrency lease outlives any request; a dead gateway's leases expire after it. */
const CONCURRENCY_LEASE_MS = 15 * MINUTE;

/** What admission needs to know about one request before the upstream call. */
export interface RequestEstimate {
  model: string;
  /** Prompt tokens plus the completion tokens that may be generated. */
  tokens: number;
  /** The most the call can cost, in nano-USD. */
  costNanos: number;
}

/** The limit and budget rules that apply to one request, tightest scopes included. */
export interface GovernancePlan {
  orgId: string;
  rules: LimitRule[];
  /** Ids of the TPM rules (their reservation is corrected with the real token count). */
  tokenRuleIds: string[];
}

/**
 * Limits and budgets of a snapshot indexed by scope, built once per snapshot so that planning a
 * request is a few map lookups.
 */
export class CompiledGovernance {
  private readonly limits = new Map<string, LimitPolicy[]>();
  private readonly budgets = new Map<string, GovernanceSnapshot['budgets'][number]['budget'][]>();
  private readonly cachePolicies = new Map<string, CachePolicy>();
  private readonly loggingPolicies = new Map<string, LoggingPolicy>();

  constructor(readonly source: GovernanceSnapshot) {
    for (const entry of source.limits) push(this.limits, `${entry.scope}:${entry.scopeId}`, entry.limits);
    for (const entry of source.budgets) push(this.budgets, `${entry.scope}:${entry.scopeId}`, entry.budget);
    for (const entry of source.cache) this.cachePolicies.set(`${entry.scope}:${entry.scopeId}`, entry.policy);
    for (const entry of source.logging ?? []) this.loggingPolicies.set(`${entry.scope}:${entry.scopeId}`, entry.policy);
  }

  /** The logging policy of the most specific scope the key belongs to (key, user, team, org), or null (metadata only). */
  loggingPolicyFor(key: SnapshotKey): LoggingPolicy | null {
    if (this.loggingPolicies.size === 0) return null;
    for (const [scope, id] of scopesOf(key)) {
      const policy = this.loggingPolicies.get(`${scope}:${id}`);
      if (policy) return policy;
    }
    return null;
  }

  /** The cache policy of the most specific scope the key belongs to (key, user, team, org), or null. */
  cachePolicyFor(key: SnapshotKey): CachePolicy | null {
    if (this.cachePolicies.size === 0) return null;
    for (const [scope, id] of scopesOf(key)) {
      const policy = this.cachePolicies.get(`${scope}:${id}`);
      if (policy) return policy;
    }
    return null;
  }

  /** True when no limit or budget applies to anyone (the cache aside). */
  get isEmpty(): boolean {
    return this.limits.size === 0 && this.budgets.size === 0;
  }

  failModeFor(orgId: string): 'open' | 'closed' {
    return this.source.failMode[orgId] ?? this.source.defaultFailMode;
  }

  plan(key: SnapshotKey, estimate: RequestEstimate, now: Date): GovernancePlan {
    const rules: LimitRule[] = [];
    const tokenRuleIds: string[] = [];
    for (const [scope, id] of scopesOf(key)) {
      const scopeKey = `${scope}:${id}`;
      for (const policy of this.limits.get(scopeKey) ?? []) {
        addRateRules(rules, tokenRuleIds, scopeKey, policy, estimate);
        const perModel = policy.perModel[estimate.model];
        if (perModel) addRateRules(rules, tokenRuleIds, `${scopeKey}:model:${estimate.model}`, perModel, estimate);
      }
      (this.budgets.get(scopeKey) ?? []).forEach((budget, index) => {
        // A soft budget without thresholds has nothing to do on the hot path.
        if (!budget.hard && budget.alertThresholds.length === 0) return;
        const period = budgetPeriodAt(budget.period, now);
        const rule: BudgetRule = {
          kind: 'budget',
          id: `${scopeKey}:budget:${index}`,
          period: period.id,
          limitNanos: Math.round(budget.amountUsd * 1e9),
          reserveNanos: budget.hard ? estimate.costNanos : 0,
          ttlMs: period.endsAt ? period.endsAt.getTime() - now.getTime() + DAY : 400 * DAY,
          enforce: budget.hard,
          alert: {
            scope,
            scopeId: id,
            periodKind: budget.period,
            periodStart: period.startsAt ? period.startsAt.toISOString().slice(0, 10) : 'total',
            thresholds: budget.alertThresholds,
          },
        };
        rules.push(rule);
      });
    }
    return { orgId: key.orgId, rules, tokenRuleIds };
  }
}

function scopesOf(key: SnapshotKey): Array<[GovernanceScope, string]> {
  const scopes: Array<[GovernanceScope, string]> = [['key', key.id]];
  if (key.userId) scopes.push(['user', key.userId]);
  if (key.teamId) scopes.push(['team', key.teamId]);
  scopes.push(['org', key.orgId]);
  return scopes;
}

function addRateRules(rules: LimitRule[], tokenRuleIds: string[], prefix: string, limits: RateLimits, estimate: RequestEstimate): void {
  if (limits.rpm) rules.push({ kind: 'rate', id: `${prefix}:rpm`, limit: limits.rpm, windowMs: MINUTE, cost: 1, countsOnCacheHit: true });
  if (limits.tpm) {
    rules.push({ kind: 'rate', id: `${prefix}:tpm`, limit: limits.tpm, windowMs: MINUTE, cost: estimate.tokens });
    tokenRuleIds.push(`${prefix}:tpm`);
  }
  if (limits.maxConcurrent) rules.push({ kind: 'concurrency', id: `${prefix}:concurrency`, limit: limits.maxConcurrent, leaseMs: CONCURRENCY_LEASE_MS });
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
