import { mergeEffectivePolicies, tightest, type AppliedPolicy } from './effective-policies';

const ORG = '00000000-0000-4000-8000-000000000001';
const TEAM = '00000000-0000-4000-8000-000000000002';
const KEY = '00000000-0000-4000-8000-000000000003';
const applied = (scopeType: AppliedPolicy['scopeType'], scopeId: string, kind: AppliedPolicy['kind'], spec: object, n: number): AppliedPolicy => ({
  scopeType,
  scopeId,
  kind,
  spec,
  policyId: `00000000-0000-4000-8000-00000000010${n}`,
  policyName: `${scopeType} ${kind}`,
});

describe('effective policies', () => {
  it('merges limits to the tightest value per field and per model', () => {
    expect(
      tightest([
        { rpm: 100, tpm: 1000, perModel: { a: { rpm: 10 } } },
        { rpm: 50, maxConcurrent: 3, perModel: { a: { rpm: 20, tpm: 5 }, b: { rpm: 1 } } },
      ]),
    ).toEqual({ rpm: 50, tpm: 1000, maxConcurrent: 3, perModel: { a: { rpm: 10, tpm: 5 }, b: { rpm: 1 } } });
    expect(tightest([])).toEqual({ perModel: {} });
  });

  it('takes the most specific cache/logging policy, every budget, the org fail mode, and ignores scopes outside the chain', async () => {
    const scopes = [
      { type: 'key' as const, id: KEY },
      { type: 'team' as const, id: TEAM },
      { type: 'org' as const, id: ORG },
    ];
    const result = await mergeEffectivePolicies(
      scopes[0],
      scopes,
      [
        applied('org', ORG, 'rate_limit', { rpm: 10, failMode: 'closed' }, 1),
        applied('org', ORG, 'logging', { retentionDays: 9 }, 2),
        applied('team', TEAM, 'logging', { storePrompts: true }, 3),
        applied('org', ORG, 'budget', { amountUsd: 5 }, 4),
        applied('team', TEAM, 'budget', { amountUsd: 2 }, 5),
        applied('team', '00000000-0000-4000-8000-0000000000ff', 'cache', { mode: 'exact' }, 6),
      ],
      async (_type, _id, budget) => ({ source: 'redis', periodId: 'm', periodEndsAt: null, spentUsd: 1, reservedUsd: 0, remainingUsd: budget.amountUsd - 1 }),
    );
    expect(result.rateLimits).toMatchObject({ merged: { rpm: 10, perModel: {} }, failMode: 'closed' });
    expect(result.rateLimits.sources[0]).not.toHaveProperty('failMode');
    expect(result.logging).toMatchObject({ scopeType: 'team', policy: { storePrompts: true, retentionDays: 30 } });
    expect(result.budgets.map((b) => [b.scopeType, b.spend.remainingUsd])).toEqual([
      ['team', 1],
      ['org', 4],
    ]);
    expect(result.cache).toBeNull();
    expect(result.guardrail).toBeNull();
  });
});
