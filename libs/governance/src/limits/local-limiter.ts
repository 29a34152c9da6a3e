import type { Admission, LimitRule, RuleState, Settlement } from './limit-rule';

/**
 * The per-instance stand-in used while Redis is unreachable and the org fails open: each rate and
 * concurrency limit is divided by the number of gateway instances expected to share the traffic.
 * Budgets cannot be enforced without the shared counters and are let through (documented).
 */
export class LocalLimiter {
  private readonly tat = new Map<string, number>();
  private readonly leases = new Map<string, Map<string, number>>();

  constructor(
    private readonly instances: number,
    private readonly clock: () => number = Date.now,
  ) {}

  admit(orgId: string, requestId: string, rules: readonly LimitRule[]): Admission {
    const now = this.clock();
    const states: RuleState[] = [];
    const writes: Array<() => void> = [];
    let deniedBy: Admission['deniedBy'] = null;
    for (const rule of rules) {
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
      } else {
        states.push({ id: rule.id, limit: rule.limitNanos, remaining: rule.limitNanos, resetMs: 0 });
      }
    }
    if (!deniedBy) for (const write of writes) write();
    return { allowed: deniedBy === null, deniedBy, states, cached: null };
  }

  settle(orgId: string, requestId: string, rules: readonly LimitRule[], settlement: Settlement): void {
    for (const rule of rules) {
      const key = `${orgId}:${rule.id}`;
      if (rule.kind === 'concurrency') this.leases.get(key)?.delete(requestId);
      if (rule.kind === 'rate') {
        const delta = settlement.tokenDelta[rule.id] ?? 0;
        const tat = this.tat.get(key);
        if (delta !== 0 && tat !== undefined) this.tat.set(key, tat + delta * (rule.windowMs / Math.max(1, Math.floor(rule.limit / this.instances))));
      }
    }
  }

  private activeLeases(key: string, now: number): Map<string, number> {
    let leases = this.leases.get(key);
    if (!leases) this.leases.set(key, (leases = new Map()));
    for (const [id, expiresAt] of leases) if (expiresAt <= now) leases.delete(id);
    return leases;
  }
}
