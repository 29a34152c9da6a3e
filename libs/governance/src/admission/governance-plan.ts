import type { CachePolicy, GovernanceScope, GovernanceSnapshot, LimitPolicy, LoggingPolicy, RateLimits, SnapshotKey } from '@sluice/contracts';
import type { BudgetAlertSpec, BudgetRule, LimitRule } from '../limits/limit-rule';
import { BoundedNestedMap } from '../memo/bounded-nested-map';
import { budgetPeriodAt } from './budget-period';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A concurrency lease outlives any request; a dead gateway's leases expire after it. */
const CONCURRENCY_LEASE_MS = 15 * MINUTE;
/** Plans cached per snapshot, by key and model (≈ 2.7 KB each with 10 rules: 27 MB at most). */
const MAX_PLAN_TEMPLATES = 10_000;

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
  /** Ids of the TPM rules (their reservation is corrected with the real token count). Shared between requests. */
  tokenRuleIds: readonly string[];
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
  private readonly templates = new BoundedNestedMap<PlanTemplate>(MAX_PLAN_TEMPLATES);

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

  /**
   * The rules for one request. What depends only on the key and model (which scopes apply, rule ids,
   * limits, the current budget period) is worked out once per key and model and reused; only the
   * estimate-dependent values are filled in per request.
   */
  plan(key: SnapshotKey, estimate: RequestEstimate, now: Date): GovernancePlan {
    const template = this.templateFor(key, estimate.model);
    const at = now.getTime();
    const rules: LimitRule[] = [];
    for (const slot of template.slots) {
      if (slot.kind === 'fixed') rules.push(slot.rule);
      else if (slot.kind === 'tokens') rules.push({ kind: 'rate', id: slot.id, limit: slot.limit, windowMs: MINUTE, cost: estimate.tokens });
      else rules.push(budgetRule(slot, estimate, at));
    }
    return { orgId: key.orgId, rules, tokenRuleIds: template.tokenRuleIds };
  }

  private templateFor(key: SnapshotKey, model: string): PlanTemplate {
    const known = this.templates.get(key.id, model);
    if (known && known.orgId === key.orgId && known.teamId === key.teamId && known.userId === key.userId) return known;
    const template = this.buildTemplate(key, model);
    this.templates.set(key.id, model, template);
    return template;
  }

  private buildTemplate(key: SnapshotKey, model: string): PlanTemplate {
    const slots: PlanSlot[] = [];
    const tokenRuleIds: string[] = [];
    for (const [scope, id] of scopesOf(key)) {
      const scopeKey = `${scope}:${id}`;
      for (const policy of this.limits.get(scopeKey) ?? []) {
        addRateSlots(slots, tokenRuleIds, scopeKey, policy);
        const perModel = policy.perModel[model];
        if (perModel) addRateSlots(slots, tokenRuleIds, `${scopeKey}:model:${model}`, perModel);
      }
      (this.budgets.get(scopeKey) ?? []).forEach((budget, index) => {
        // A soft budget without thresholds has nothing to do on the hot path.
        if (!budget.hard && budget.alertThresholds.length === 0) return;
        slots.push({ kind: 'budget', id: `${scopeKey}:budget:${index}`, scope, scopeId: id, budget, limitNanos: Math.round(budget.amountUsd * 1e9), period: null });
      });
    }
    return { orgId: key.orgId, teamId: key.teamId, userId: key.userId, slots, tokenRuleIds: Object.freeze(tokenRuleIds) };
  }
}

type Budget = GovernanceSnapshot['budgets'][number]['budget'];

/** One rule of a key's plan: fixed (the same object every request), a TPM rule, or a budget. */
type PlanSlot =
  | { kind: 'fixed'; rule: LimitRule }
  | { kind: 'tokens'; id: string; limit: number }
  | { kind: 'budget'; id: string; scope: GovernanceScope; scopeId: string; budget: Budget; limitNanos: number; period: CachedPeriod | null };

/** A budget's current period, valid from `startsAt` until `endsAt` (epoch ms; null: never ends). */
interface CachedPeriod {
  id: string;
  startsAt: number;
  endsAt: number | null;
  alert: BudgetAlertSpec;
}

interface PlanTemplate {
  orgId: string;
  teamId: string | null;
  userId: string | null;
  slots: PlanSlot[];
  tokenRuleIds: readonly string[];
}

function budgetRule(slot: Extract<PlanSlot, { kind: 'budget' }>, estimate: RequestEstimate, at: number): BudgetRule {
  let period = slot.period;
  if (!period || at < period.startsAt || (period.endsAt !== null && at >= period.endsAt)) period = slot.period = currentPeriod(slot, at);
  const { budget } = slot;
  return {
    kind: 'budget',
    id: slot.id,
    period: period.id,
    limitNanos: slot.limitNanos,
    reserveNanos: budget.hard ? estimate.costNanos : 0,
    ttlMs: period.endsAt !== null ? period.endsAt - at + DAY : 400 * DAY,
    enforce: budget.hard,
    alert: period.alert,
  };
}

function currentPeriod(slot: Extract<PlanSlot, { kind: 'budget' }>, at: number): CachedPeriod {
  const period = budgetPeriodAt(slot.budget.period, new Date(at));
  return {
    id: period.id,
    startsAt: period.startsAt ? period.startsAt.getTime() : Number.NEGATIVE_INFINITY,
    endsAt: period.endsAt ? period.endsAt.getTime() : null,
    alert: Object.freeze({
      scope: slot.scope,
      scopeId: slot.scopeId,
      periodKind: slot.budget.period,
      periodStart: period.startsAt ? period.startsAt.toISOString().slice(0, 10) : 'total',
      thresholds: slot.budget.alertThresholds,
    }),
  };
}

function scopesOf(key: SnapshotKey): Array<[GovernanceScope, string]> {
  const scopes: Array<[GovernanceScope, string]> = [['key', key.id]];
  if (key.userId) scopes.push(['user', key.userId]);
  if (key.teamId) scopes.push(['team', key.teamId]);
  scopes.push(['org', key.orgId]);
  return scopes;
}

function addRateSlots(slots: PlanSlot[], tokenRuleIds: string[], prefix: string, limits: RateLimits): void {
  if (limits.rpm) slots.push({ kind: 'fixed', rule: Object.freeze({ kind: 'rate', id: `${prefix}:rpm`, limit: limits.rpm, windowMs: MINUTE, cost: 1, countsOnCacheHit: true }) });
  if (limits.tpm) {
    slots.push({ kind: 'tokens', id: `${prefix}:tpm`, limit: limits.tpm });
    tokenRuleIds.push(`${prefix}:tpm`);
  }
  if (limits.maxConcurrent) slots.push({ kind: 'fixed', rule: Object.freeze({ kind: 'concurrency', id: `${prefix}:concurrency`, limit: limits.maxConcurrent, leaseMs: CONCURRENCY_LEASE_MS }) });
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
