import type { LimitRule } from './limit-rule';
import { LocalLimiter } from './local-limiter';

describe('LocalLimiter (fail-open stand-in)', () => {
  it('enforces its share of an RPM limit: limit ÷ expected instances', () => {
    let now = 1_000_000;
    const limiter = new LocalLimiter(2, () => now);
    const rpm: LimitRule = { kind: 'rate', id: 'rpm', limit: 10, windowMs: 60_000, cost: 1 };
    const results = Array.from({ length: 8 }, (_, i) => limiter.admit('org', `r${i}`, [rpm]).allowed);
    expect(results.filter(Boolean)).toHaveLength(5);
    const denied = limiter.admit('org', 'late', [rpm]);
    expect(denied.deniedBy).toMatchObject({ id: 'rpm', kind: 'rate' });
    now += 12_000; // one emission interval of the 5/min share
    expect(limiter.admit('org', 'after', [rpm]).allowed).toBe(true);
  });

  it('limits concurrency and frees slots on settlement', () => {
    const limiter = new LocalLimiter(1);
    const rule: LimitRule = { kind: 'concurrency', id: 'c', limit: 1, leaseMs: 60_000 };
    expect(limiter.admit('org', 'a', [rule]).allowed).toBe(true);
    expect(limiter.admit('org', 'b', [rule]).allowed).toBe(false);
    limiter.settle('org', 'a', [rule], { tokenDelta: {}, costNanos: 0 });
    expect(limiter.admit('org', 'b', [rule]).allowed).toBe(true);
  });

  it('is all-or-nothing and lets budgets through', () => {
    const limiter = new LocalLimiter(1);
    const rpm: LimitRule = { kind: 'rate', id: 'rpm', limit: 1, windowMs: 60_000, cost: 1 };
    const tpm: LimitRule = { kind: 'rate', id: 'tpm', limit: 10, windowMs: 60_000, cost: 50 };
    const budget: LimitRule = { kind: 'budget', id: 'b', period: 'total', limitNanos: 1, reserveNanos: 100, ttlMs: 1 };
    expect(limiter.admit('org', 'x', [rpm, tpm]).deniedBy).toMatchObject({ id: 'tpm', retryAfterMs: -1 });
    expect(limiter.admit('org', 'y', [rpm, budget]).allowed).toBe(true);
  });
});
