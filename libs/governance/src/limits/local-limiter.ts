import type { Admission, BudgetRule, LimitRule, RuleState, Settlement } from './limit-rule';

/** `pass`: budgets are let through (fail-open beside a shared Redis); `enforce`: this process is the only one (standalone without Redis). */
export type LocalBudgetMode = 'pass' | 'enforce';

interface BudgetCounter {
  spent: number;
  reserved: number;
  expiresAt: number;
}

/**
 * Limits kept in this process. Two uses: the stand-in while Redis is unreachable and the org fails
 * open (each rate and concurrency limit is divided by the number of gateway instances expected to
 * share the traffic; budgets cannot be enforced without the shared counters and are let through),
 * and a standalone gateway without Redis (one instance, budgets enforced and counted here).
 */
export class LocalLimiter {
  private readonly tat = new Map<string, number>();
  private readonly leases = new Map<string, Map<string, number>>();
  private readonly budgets = new Map<string, BudgetCounter>();

  constructor(
    private readonly instances: number,
    private readonly clock: () => number = Date.now,
    private readonly budgetMode: LocalBudgetMode = 'pass',
  ) {}

  /** With `cached` (an exact-cache hit) only the rules that count on hits apply, as in the Redis script. */
  admit(orgId: string, requestId: string, rules: readonly LimitRule[], cached: string | null = null): Admission {
    const now = this.clock();
    const states: RuleState[] = [];
    const writes: Array<() => void> = [];
    let deniedBy: Admission['deniedBy'] = null;
    for (const rule of rules) {
      if (cached !== null && !(rule.kind === 'rate' && rule.countsOnCacheHit)) continue;
      const key = `${orgId}:${rule.id}`;
      if (rule.kind === 'rate') {
        const limit = Math.max(1, Math.floor(rule.limit / this.instances));
        const interval = rule.windowMs / limit;
        const tat = Math.max(this.tat.get(key) ?? now, now);
        const next = tat + rule.cost * interval;
        const allowed = rule.cost <= limit && next - rule.windowMs <= now;
        if (allowed) writes.push(() => this.tat.set(key, next));
        else deniedBy ??= { id: rule.id, kind: 'rate', retryAfterMs: rule.cost > limit ? -1 : Math.ceil(next - rule.windowMs - now) };
        states.push({ id: rule.id, limit, remaining: Math.max(0, Math.floor((rule.windowMs - ((allowed ? next : tat) - now)) / interval)), resetMs: Math.ceil((allowed ? next : tat) - now) });
      } else if (rule.kind === 'concurrency') {
        const limit = Math.max(1, Math.floor(rule.limit / this.instances));
        const active = this.activeLeases(key, now);
        const allowed = active.size < limit;
        if (allowed) writes.push(() => active.set(requestId, now + rule.leaseMs));
        else deniedBy ??= { id: rule.id, kind: 'concurrency', retryAfterMs: 1000 };
        states.push({ id: rule.id, limit, remaining: Math.max(0, limit - active.size - (allowed ? 1 : 0)), resetMs: 0 });
      } else if (this.budgetMode === 'pass') {
        states.push({ id: rule.id, limit: rule.limitNanos, remaining: rule.limitNanos, resetMs: 0 });
      } else {
        const counter = this.budgetCounter(orgId, rule, now);
        const enforced = rule.enforce !== false;
        const reserve = enforced ? rule.reserveNanos : 0;
        const allowed = !enforced || counter.spent + counter.reserved + reserve <= rule.limitNanos;
        if (allowed) writes.push(() => (counter.reserved += reserve));
        else deniedBy ??= { id: rule.id, kind: 'budget', retryAfterMs: -1 };
        if (enforced) states.push({ id: rule.id, limit: rule.limitNanos, remaining: Math.max(0, rule.limitNanos - counter.spent - counter.reserved - (allowed ? reserve : 0)), resetMs: 0 });
      }
    }
    if (!deniedBy) for (const write of writes) write();
    return { allowed: deniedBy === null, deniedBy, states, cached: deniedBy === null ? cached : null };
  }

  /** Returns the period's spent total (nano-USD) per budget rule id; empty when budgets pass. */
  settle(orgId: string, requestId: string, rules: readonly LimitRule[], settlement: Settlement): Record<string, number> {
    const spent: Record<string, number> = {};
    for (const rule of rules) {
      const key = `${orgId}:${rule.id}`;
      if (rule.kind === 'concurrency') this.leases.get(key)?.delete(requestId);
      if (rule.kind === 'rate') {
        const delta = settlement.tokenDelta[rule.id] ?? 0;
        const tat = this.tat.get(key);
        if (delta !== 0 && tat !== undefined) this.tat.set(key, tat + delta * (rule.windowMs / Math.max(1, Math.floor(rule.limit / this.instances))));
      }
      if (rule.kind === 'budget' && this.budgetMode === 'enforce') {
        const counter = this.budgetCounter(orgId, rule, this.clock());
        counter.reserved = Math.max(0, counter.reserved - (rule.enforce === false ? 0 : rule.reserveNanos));
        counter.spent += settlement.costNanos;
        spent[rule.id] = counter.spent;
      }
    }
    return spent;
  }

  private budgetCounter(orgId: string, rule: BudgetRule, now: number): BudgetCounter {
    const key = `${orgId}:${rule.id}:${rule.period}`;
    let counter = this.budgets.get(key);
    if (!counter || counter.expiresAt <= now) {
      // A new period (or the first use): drop counters of periods that are over.
      for (const [k, c] of this.budgets) if (c.expiresAt <= now) this.budgets.delete(k);
      this.budgets.set(key, (counter = { spent: 0, reserved: 0, expiresAt: now + rule.ttlMs }));
    } else {
      counter.expiresAt = Math.max(counter.expiresAt, now + rule.ttlMs);
    }
    return counter;
  }

  private activeLeases(key: string, now: number): Map<string, number> {
    let leases = this.leases.get(key);
    if (!leases) this.leases.set(key, (leases = new Map()));
    for (const [id, expiresAt] of leases) if (expiresAt <= now) leases.delete(id);
    return leases;
  }
}
