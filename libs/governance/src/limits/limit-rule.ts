/**
 * One limit checked at admission. All rules of a request belong to one organization, so their Redis
 * keys share the `{orgId}` hash tag and one script can check them atomically, also on Redis Cluster.
 */
export type LimitRule = RateRule | ConcurrencyRule | BudgetRule;

/** Requests or tokens per window, enforced with GCRA (a smooth token bucket). `cost` is 1 for RPM, the token estimate for TPM. */
export interface RateRule {
  kind: 'rate';
  /** Stable identity, e.g. `key:<id>:rpm` or `team:<id>:model:gpt-4o:tpm`. */
  id: string;
  limit: number;
  windowMs: number;
  cost: number;
  /** Also consumed by a request answered from the exact cache (request counts, not token counts). */
  countsOnCacheHit?: boolean;
}

/** At most `limit` requests in flight; each holds a lease that expires if its gateway dies. */
export interface ConcurrencyRule {
  kind: 'concurrency';
  id: string;
  limit: number;
  leaseMs: number;
}

/**
 * A spending limit in nano-USD for one period. Hard: admission reserves an estimate and refuses what
 * could exceed the limit, settlement books the real cost. Soft (`enforce: false`): nothing is
 * reserved or refused, settlement only books the cost (so thresholds can raise alerts).
 */
export interface BudgetRule {
  kind: 'budget';
  id: string;
  /** Identifies the current period (e.g. `2026-11` for monthly) so each period has its own counter. */
  period: string;
  limitNanos: number;
  reserveNanos: number;
  /** Keep the counter this long after the period's last write. */
  ttlMs: number;
  /** False for soft budgets: counted, never refused. Default true. */
  enforce?: boolean;
  /** Where alert events for this budget point, and at which fractions of the limit they fire. */
  alert?: BudgetAlertSpec;
}

/** What an alert about a budget needs to say: its scope, period and thresholds. */
export interface BudgetAlertSpec {
  scope: 'org' | 'team' | 'user' | 'key';
  scopeId: string;
  periodKind: 'daily' | 'weekly' | 'monthly' | 'total';
  /** ISO date (UTC) the period started, `total` for budgets that never reset. */
  periodStart: string;
  thresholds: readonly number[];
}

export interface RuleState {
  id: string;
  limit: number;
  remaining: number;
  /** Milliseconds until the rule is fully replenished (rate) or its period resets (unknown: 0). */
  resetMs: number;
}

export interface Admission {
  allowed: boolean;
  /** The first rule that refused, with how long to wait before a retry can succeed (-1: never, e.g. a cost above the limit). */
  deniedBy: { id: string; kind: LimitRule['kind']; retryAfterMs: number } | null;
  states: RuleState[];
  /** The raw exact-cache entry read in the same round trip, when a cache key was given and it exists. */
  cached: string | null;
}

/** What the gateway learned after the call, to correct the reservations made at admission. */
export interface Settlement {
  /** Actual tokens minus the estimate, per TPM rule id (negative returns tokens). */
  tokenDelta: Record<string, number>;
  /** Actual cost in nano-USD, per budget rule id. */
  costNanos: number;
}

export const NANOS_PER_USD = 1_000_000_000;

export function usdToNanos(usd: number): number {
  return Math.ceil(usd * NANOS_PER_USD);
}
