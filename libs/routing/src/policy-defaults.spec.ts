import { routingPolicySchema } from '@sluice/contracts';

/** The defaults documented in README.md. */
describe('routing policy defaults', () => {
  it('parses an empty policy to the documented defaults', () => {
    expect(routingPolicySchema.parse({})).toEqual({
      strategy: 'weighted',
      strategyByModel: {},
      retry: { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 5_000, totalTimeoutMs: 120_000, retryOn: ['server', 'timeout', 'rate_limit', 'connection'] },
      cooldown: {
        failureThreshold: 5,
        windowMs: 60_000,
        cooldownMs: 15_000,
        maxCooldownMs: 300_000,
        backoffMultiplier: 2,
        countedKinds: ['rate_limit', 'server', 'timeout', 'connection'],
      },
      fallbacks: {},
      fallbackOn: { errors: true, rate_limits: true, timeouts: true, context_window_exceeded: true, content_policy: true },
      explorationRate: 0.05,
    });
  });

  it('rejects inconsistent delays and unknown strategies', () => {
    expect(routingPolicySchema.safeParse({ retry: { baseDelayMs: 10_000, maxDelayMs: 1_000 } }).success).toBe(false);
    expect(routingPolicySchema.safeParse({ cooldown: { cooldownMs: 10, maxCooldownMs: 1 } }).success).toBe(false);
    expect(routingPolicySchema.safeParse({ strategy: 'round-robin' }).success).toBe(false);
  });
});
