import type { Admission, LimitRule, Settlement } from './limit-rule';

/**
 * Checks and reserves limits and budgets for a request, optionally reading the exact cache in the
 * same step, and settles them afterwards. `RedisLimiter` is shared by every gateway; the gateway's
 * memory limiter serves a standalone instance that has no Redis.
 */
export interface Limiter {
  admit(orgId: string, requestId: string, rules: readonly LimitRule[], cacheKey?: string): Promise<Admission>;
  /** Returns the period's spent total (nano-USD) per budget rule id. */
  settle(orgId: string, requestId: string, rules: readonly LimitRule[], settlement: Settlement): Promise<Record<string, number>>;
}
