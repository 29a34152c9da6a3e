import type { MemoryExactCache } from '@sluice/cache';
import { LocalLimiter, type Admission, type LimitRule, type Limiter, type Settlement } from '@sluice/governance';

/**
 * The limiter of a standalone gateway without Redis: rate, concurrency and budget counters in this
 * process (it is the only instance, so nothing is divided), and the exact-cache read in the same
 * step, as the Redis script does it. Counters start from zero when the process starts.
 */
export class MemoryLimiter implements Limiter {
  private readonly local: LocalLimiter;

  constructor(private readonly cache: MemoryExactCache, clock: () => number = Date.now) {
    this.local = new LocalLimiter(1, clock, 'enforce');
  }

  async admit(orgId: string, requestId: string, rules: readonly LimitRule[], cacheKey?: string): Promise<Admission> {
    const cached = cacheKey ? this.cache.get(cacheKey) : null;
    return this.local.admit(orgId, requestId, rules, cached);
  }

  async settle(orgId: string, requestId: string, rules: readonly LimitRule[], settlement: Settlement): Promise<Record<string, number>> {
    return this.local.settle(orgId, requestId, rules, settlement);
  }
}
