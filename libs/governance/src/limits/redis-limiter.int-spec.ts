import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LimitRule } from './limit-rule';
import { RedisLimiter } from './redis-limiter';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-limits-${randomUUID().slice(0, 8)}`;
const orgId = randomUUID();

// Three connections stand for three gateway instances sharing one Redis.
const clients = [new Redis(REDIS_URL), new Redis(REDIS_URL), new Redis(REDIS_URL)];
const limiters = clients.map((c) => new RedisLimiter(c, prefix));

afterAll(async () => {
  const keys = await clients[0].keys(`${prefix}:*`);
  if (keys.length > 0) await clients[0].del(...keys);
  await Promise.all(clients.map((c) => c.quit()));
});

async function admitMany(count: number, rules: (i: number) => LimitRule[], org = orgId) {
  return Promise.all(Array.from({ length: count }, (_, i) => limiters[i % limiters.length].admit(org, `req-${i}`, rules(i))));
}

describe('RedisLimiter (real Redis, three instances)', () => {
  it('admits exactly the RPM limit across instances under concurrent load', async () => {
    const rule: LimitRule = { kind: 'rate', id: `rpm-${randomUUID()}`, limit: 20, windowMs: 60_000, cost: 1 };
    const results = await admitMany(90, () => [rule]);
    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(20);
    const denied = results.find((r) => !r.allowed);
    expect(denied?.deniedBy).toMatchObject({ id: rule.id, kind: 'rate' });
    expect(denied?.deniedBy?.retryAfterMs).toBeGreaterThan(0);
    expect(denied?.deniedBy?.retryAfterMs).toBeLessThanOrEqual(3_000);
    expect(Math.min(...allowed.map((r) => r.states[0].remaining))).toBe(0);
  });

  it('reserves a TPM estimate and gives back the unused part at settlement', async () => {
    const rule = (cost: number): LimitRule => ({ kind: 'rate', id: 'tpm-settle', limit: 1000, windowMs: 60_000, cost });
    const org = randomUUID();
    expect((await limiters[0].admit(org, 'a', [rule(600)])).allowed).toBe(true);
    expect((await limiters[1].admit(org, 'b', [rule(600)])).allowed).toBe(false);
    await limiters[0].settle(org, 'a', [rule(600)], { tokenDelta: { 'tpm-settle': -300 }, costNanos: 0 });
    expect((await limiters[2].admit(org, 'c', [rule(600)])).allowed).toBe(true);
  });

  it('refuses for good a request that costs more than the limit itself', async () => {
    const result = await limiters[0].admit(randomUUID(), 'big', [{ kind: 'rate', id: 'tpm', limit: 100, windowMs: 60_000, cost: 101 }]);
    expect(result.allowed).toBe(false);
    expect(result.deniedBy?.retryAfterMs).toBe(-1);
  });

  it('limits concurrency and frees a slot on settlement or lease expiry', async () => {
    const org = randomUUID();
    const rule = (leaseMs: number): LimitRule => ({ kind: 'concurrency', id: 'conc', limit: 2, leaseMs });
    expect((await limiters[0].admit(org, 'r1', [rule(60_000)])).allowed).toBe(true);
    expect((await limiters[1].admit(org, 'r2', [rule(100)])).allowed).toBe(true);
    expect((await limiters[2].admit(org, 'r3', [rule(60_000)])).allowed).toBe(false);
    await limiters[0].settle(org, 'r1', [rule(60_000)], { tokenDelta: {}, costNanos: 0 });
    expect((await limiters[2].admit(org, 'r4', [rule(60_000)])).allowed).toBe(true);
    expect((await limiters[2].admit(org, 'r5', [rule(60_000)])).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 150)); // r2's lease lapses, as if its gateway died
    expect((await limiters[0].admit(org, 'r6', [rule(60_000)])).allowed).toBe(true);
  });

  it('never lets concurrent requests overspend a hard budget, and books the real cost', async () => {
    const org = randomUUID();
    const budget: LimitRule = { kind: 'budget', id: 'team-budget', period: '2026-11', limitNanos: 1_000, reserveNanos: 400, ttlMs: 60_000 };
    const results = await admitMany(12, () => [budget], org);
    expect(results.filter((r) => r.allowed)).toHaveLength(2);
    const spent = await limiters[0].settle(org, 'req-0', [budget], { tokenDelta: {}, costNanos: 150 });
    expect(spent['team-budget']).toBe(150);
    await limiters[1].settle(org, 'req-1', [budget], { tokenDelta: {}, costNanos: 100 });
    // 250 spent, nothing reserved: one more 400 reservation fits (650), a second would reach 1,050.
    const after = await admitMany(3, () => [budget], org);
    expect(after.filter((r) => r.allowed)).toHaveLength(1);
    expect(after.find((r) => !r.allowed)?.deniedBy).toEqual({ id: 'team-budget', kind: 'budget', retryAfterMs: -1 });
  });

  it('is all-or-nothing: a refusal by one rule consumes none of the others', async () => {
    const org = randomUUID();
    const rpm: LimitRule = { kind: 'rate', id: 'rpm', limit: 1, windowMs: 60_000, cost: 1 };
    const budget: LimitRule = { kind: 'budget', id: 'b', period: 'total', limitNanos: 10, reserveNanos: 50, ttlMs: 60_000 };
    const refused = await limiters[0].admit(org, 'x', [rpm, budget]);
    expect(refused.deniedBy?.id).toBe('b');
    expect((await limiters[1].admit(org, 'y', [rpm])).allowed).toBe(true);
  });
});

describe('RedisLimiter with an exact-cache key in the same round trip', () => {
  it('returns the cached value and, on a hit, consumes only the rules that count on hits', async () => {
    const org = randomUUID();
    const cacheKey = `${prefix}:{${org}}:cache:-:abc`;
    const rpm: LimitRule = { kind: 'rate', id: 'rpm', limit: 2, windowMs: 60_000, cost: 1, countsOnCacheHit: true };
    const tpm: LimitRule = { kind: 'rate', id: 'tpm', limit: 100, windowMs: 60_000, cost: 100 };
    const miss = await limiters[0].admit(org, 'a', [rpm, tpm], cacheKey);
    expect(miss).toMatchObject({ allowed: true, cached: null });
    await clients[0].set(cacheKey, 'j1:{"cached":true}');
    // The TPM allowance is spent, but a hit needs none: it is answered, counting one request.
    const hit = await limiters[1].admit(org, 'b', [rpm, tpm], cacheKey);
    expect(hit).toMatchObject({ allowed: true, cached: 'j1:{"cached":true}' });
    expect(hit.states.map((s) => s.id)).toEqual(['rpm']);
    const third = await limiters[2].admit(org, 'c', [rpm, tpm], cacheKey);
    expect(third.allowed).toBe(false);
    expect(third.deniedBy?.id).toBe('rpm');
  });

  it('is a plain cache read when no rule applies', async () => {
    const org = randomUUID();
    const cacheKey = `${prefix}:{${org}}:cache:-:def`;
    await clients[0].set(cacheKey, 'j1:{}');
    expect(await limiters[0].admit(org, 'x', [], cacheKey)).toEqual({ allowed: true, deniedBy: null, states: [], cached: 'j1:{}' });
  });
});

describe('RedisLimiter with a soft budget', () => {
  it('never refuses nor reserves, and settlement returns the spent total every instance agrees on', async () => {
    const org = randomUUID();
    const soft: LimitRule = { kind: 'budget', id: 'soft', period: 'total', limitNanos: 100, reserveNanos: 0, ttlMs: 60_000, enforce: false };
    const admitted = await admitMany(6, () => [soft], org);
    expect(admitted.every((r) => r.allowed)).toBe(true);
    expect(admitted[0].states).toEqual([]);
    const totals = await Promise.all(admitted.map((_, i) => limiters[i % 3].settle(org, `req-${i}`, [soft], { tokenDelta: {}, costNanos: 40 })));
    expect(totals.map((t) => t.soft).sort((a, b) => a - b)).toEqual([40, 80, 120, 160, 200, 240]);
  });
});

describe('RedisLimiter settlement of a mixed plan', () => {
  it('settles only what changed, keeps results aligned with their rules, and skips the round trip when nothing did', async () => {
    const org = randomUUID();
    const rpm: LimitRule = { kind: 'rate', id: 'key:k1:rpm', limit: 10, windowMs: 60_000, cost: 1 };
    const tpm: LimitRule = { kind: 'rate', id: 'key:k1:tpm', limit: 1000, windowMs: 60_000, cost: 600 };
    const conc: LimitRule = { kind: 'concurrency', id: 'key:k1:concurrency', limit: 1, leaseMs: 60_000 };
    const budget: LimitRule = { kind: 'budget', id: 'key:k1:budget:0', period: 'm2026-11', limitNanos: 10_000, reserveNanos: 500, ttlMs: 60_000 };
    const rules = [rpm, tpm, conc, budget];
    expect((await limiters[0].admit(org, 'first', rules)).allowed).toBe(true);
    const sent = jest.spyOn(clients[0], 'sendCommand');
    try {
      const spent = await limiters[0].settle(org, 'first', rules, { tokenDelta: { [tpm.id]: -500 }, costNanos: 120 });
      expect(spent).toEqual({ [budget.id]: 120 });
      expect(sent).toHaveBeenCalledTimes(1);
      // The RPM rule alone settles to nothing: no command at all.
      expect(await limiters[0].settle(org, 'first', [rpm], { tokenDelta: {}, costNanos: 0 })).toEqual({});
      expect(sent).toHaveBeenCalledTimes(1);
    } finally {
      sent.mockRestore();
    }
    // The slot, the unused tokens and the reservation came back: 100 tokens + 600 fit again, 120 of the budget is spent.
    const second = await limiters[1].admit(org, 'second', rules);
    expect(second.allowed).toBe(true);
    expect(second.states.find((s) => s.id === budget.id)?.remaining).toBe(10_000 - 120 - 500);
    const tokensLeft = second.states.find((s) => s.id === tpm.id)?.remaining ?? -1;
    expect(tokensLeft).toBeGreaterThanOrEqual(1000 - 700);
    expect(tokensLeft).toBeLessThan(1000 - 700 + 10); // a few tokens replenish while the test runs
  });

  it('keeps a budget counter per period and per organization', async () => {
    const [orgA, orgB] = [randomUUID(), randomUUID()];
    const budget = (period: string): LimitRule => ({ kind: 'budget', id: 'org:budget:0', period, limitNanos: 1_000, reserveNanos: 0, ttlMs: 60_000 });
    expect(await limiters[0].settle(orgA, 'a', [budget('m2026-11')], { tokenDelta: {}, costNanos: 300 })).toEqual({ 'org:budget:0': 300 });
    expect(await limiters[0].settle(orgA, 'b', [budget('m2026-12')], { tokenDelta: {}, costNanos: 200 })).toEqual({ 'org:budget:0': 200 });
    expect(await limiters[0].settle(orgB, 'c', [budget('m2026-11')], { tokenDelta: {}, costNanos: 50 })).toEqual({ 'org:budget:0': 50 });
    expect(await limiters[0].settle(orgA, 'd', [budget('m2026-11')], { tokenDelta: {}, costNanos: 1 })).toEqual({ 'org:budget:0': 301 });
    expect(limiters[0].keyOf(orgA, budget('m2026-12'))).toBe(`${prefix}:{${orgA}}:budget:org:budget:0:m2026-12`);
    // The same id for another kind of rule is another counter.
    expect(limiters[0].keyOf(orgA, { kind: 'rate', id: 'org:budget:0', limit: 1, windowMs: 1000, cost: 1 })).toBe(`${prefix}:{${orgA}}:rate:org:budget:0`);
  });
});
