/**
 * Redis Cluster runs a multi-key script only when all its keys hash to one slot. The gateway's
 * admission and settlement scripts (libs/governance) take every limit, budget and exact-cache key of
 * a request; these tests check that the key builders put them all under the organization's `{orgId}`
 * hash tag, and that the scripts touch no key they were not given.
 */
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { exactCacheKey } from '@sluice/cache';
import { ADMIT_SCRIPT, SETTLE_SCRIPT } from '../../libs/governance/src/limits/limit-scripts';
import { RedisLimiter, type LimitRule } from '@sluice/governance';

const ORG = '6f1c2a9e-3b1d-4c57-9a0e-2f4b8d7c1e05';
const OTHER_ORG = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

const rules: LimitRule[] = [
  { kind: 'rate', id: 'key:k1:rpm', limit: 10, windowMs: 60_000, cost: 1 },
  { kind: 'rate', id: 'team:t1:model:gpt-4o:tpm', limit: 1000, windowMs: 60_000, cost: 100 },
  { kind: 'concurrency', id: 'user:u1:concurrency', limit: 2, leaseMs: 60_000 },
  { kind: 'budget', id: 'org:o1:budget', period: '2026-11', limitNanos: 1e9, reserveNanos: 1e6, ttlMs: 86_400_000 },
];

describe('Redis Cluster compatibility of the governance scripts', () => {
  // A real ioredis client that never connects: defineCommand only registers the scripts.
  const redis = new Redis({ lazyConnect: true, enableOfflineQueue: false });
  afterAll(() => redis.disconnect());

  for (const prefix of ['sluice', 'acme-prod']) {
    it(`every key of one request (limits, budgets, exact cache) is in one hash slot (prefix ${prefix})`, () => {
      const limiter = new RedisLimiter(redis, prefix);
      const keys = [
        ...rules.map((rule) => limiter.keyOf(ORG, rule)),
        exactCacheKey({ prefix, orgId: ORG, teamId: 't1' }, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
        exactCacheKey({ prefix, orgId: ORG, teamId: null }, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      ];
      for (const key of keys) expect(key).toContain(`{${ORG}}`);
      expect(new Set(keys.map((key) => calculateSlot(key))).size).toBe(1);
      // Different organizations spread over the cluster.
      expect(calculateSlot(limiter.keyOf(OTHER_ORG, rules[0]))).not.toBe(calculateSlot(keys[0]));
    });
  }

  it('the scripts address keys only through KEYS[...] (never a key name built inside Lua)', () => {
    for (const script of [ADMIT_SCRIPT, SETTLE_SCRIPT]) {
      const calls = [...script.matchAll(/redis\.p?call\(\s*'([A-Z]+)'\s*(?:,\s*([^,)]+))?/g)];
      expect(calls.length).toBeGreaterThan(0);
      for (const [, command, firstArg] of calls) {
        if (command === 'TIME') continue;
        expect(firstArg?.trim()).toMatch(/^(key|KEYS\[[^\]]+\])$/);
      }
      // `key` is only ever bound to an element of KEYS.
      for (const [, value] of script.matchAll(/local key = ([^\n]+)/g)) expect(value.trim()).toMatch(/^KEYS\[[^\]]+\]$/);
    }
  });
});
