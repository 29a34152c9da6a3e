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

describe('LocalLimiter (standalone without Redis: budgets enforced in memory)', () => {
  const budget = (reserveNanos: number, enforce = true): LimitRule => ({ kind: 'budget', id: 'b', period: 'total', limitNanos: 1000, reserveNanos, ttlMs: 60_000, enforce });

  it('reserves, refuses what could exceed the limit, and books the real cost at settlement', () => {
    const limiter = new LocalLimiter(1, Date.now, 'enforce');
    expect(limiter.admit('org', 'a', [budget(600)]).allowed).toBe(true);
    expect(limiter.admit('org', 'b', [budget(600)]).deniedBy).toEqual({ id: 'b', kind: 'budget', retryAfterMs: -1 });
    expect(limiter.settle('org', 'a', [budget(600)], { tokenDelta: {}, costNanos: 300 })).toEqual({ b: 300 });
    expect(limiter.admit('org', 'c', [budget(600)]).allowed).toBe(true);
    expect(limiter.settle('org', 'c', [budget(600)], { tokenDelta: {}, costNanos: 500 })).toEqual({ b: 800 });
    expect(limiter.admit('org', 'd', [budget(600)]).allowed).toBe(false);
  });

  it('counts soft budgets without refusing', () => {
    const limiter = new LocalLimiter(1, Date.now, 'enforce');
    expect(limiter.settle('org', 'a', [budget(0, false)], { tokenDelta: {}, costNanos: 5000 })).toEqual({ b: 5000 });
    expect(limiter.admit('org', 'b', [budget(0, false)]).allowed).toBe(true);
  });

  it('on a cache hit consumes only the rules that count on hits', () => {
    const limiter = new LocalLimiter(1, Date.now, 'enforce');
    const rpm: LimitRule = { kind: 'rate', id: 'rpm', limit: 2, windowMs: 60_000, cost: 1, countsOnCacheHit: true };
    const tpm: LimitRule = { kind: 'rate', id: 'tpm', limit: 10, windowMs: 60_000, cost: 10 };
    expect(limiter.admit('org', 'a', [rpm, tpm]).allowed).toBe(true);
    const hit = limiter.admit('org', 'b', [rpm, tpm, budget(5000)], 'j1:{}');
    expect(hit).toMatchObject({ allowed: true, cached: 'j1:{}' });
    expect(hit.states.map((s) => s.id)).toEqual(['rpm']);
    expect(limiter.admit('org', 'c', [rpm], 'j1:{}')).toMatchObject({ allowed: false, cached: null });
  });
});
