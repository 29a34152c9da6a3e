import { governanceSnapshotSchema } from '@sluice/contracts';
import { CompiledGovernance } from './governance-plan';

const key = {
  id: '11111111-1111-4111-8111-111111111111',
  hash: 'a'.repeat(64),
  prefix: 'sk-sluice-x',
  orgId: '22222222-2222-4222-8222-222222222222',
  teamId: '33333333-3333-4333-8333-333333333333',
  userId: null,
  allowedModels: [],
  expiresAt: null,
  revoked: false,
  ipAllowList: [],
  metadata: {},
};

describe('CompiledGovernance.plan', () => {
  const governance = new CompiledGovernance(
    governanceSnapshotSchema.parse({
      limits: [
        { scope: 'key', scopeId: key.id, limits: { rpm: 60, perModel: { 'gpt-4o': { tpm: 1000 } } } },
        { scope: 'team', scopeId: key.teamId, limits: { tpm: 100000, maxConcurrent: 5 } },
        { scope: 'org', scopeId: 'another-org', limits: { rpm: 1 } },
      ],
      budgets: [
        { scope: 'team', scopeId: key.teamId, budget: { amountUsd: 25, period: 'monthly' } },
        { scope: 'org', scopeId: key.orgId, budget: { amountUsd: 1000, period: 'monthly', hard: false } },
      ],
    }),
  );

  it('collects the rules of every scope the key belongs to, per-model ones included', () => {
    const plan = governance.plan(key, { model: 'gpt-4o', tokens: 500, costNanos: 7_000 }, new Date('2026-11-25T12:00:00Z'));
    expect(plan.orgId).toBe(key.orgId);
    expect(plan.rules.map((r) => r.id)).toEqual([
      `key:${key.id}:rpm`,
      `key:${key.id}:model:gpt-4o:tpm`,
      `team:${key.teamId}:tpm`,
      `team:${key.teamId}:concurrency`,
      `team:${key.teamId}:budget:0`,
      `org:${key.orgId}:budget:0`,
    ]);
    expect(plan.tokenRuleIds).toEqual([`key:${key.id}:model:gpt-4o:tpm`, `team:${key.teamId}:tpm`]);
    expect(plan.rules.find((r) => r.kind === 'budget')).toMatchObject({ period: 'm2026-11', limitNanos: 25e9, reserveNanos: 7_000 });
  });

  it('applies per-model limits only to that model; soft budgets are counted for alerts but never reserve or block', () => {
    const plan = governance.plan(key, { model: 'gpt-4o-mini', tokens: 10, costNanos: 1 }, new Date('2026-11-25T12:00:00Z'));
    expect(plan.rules.some((r) => r.id.includes(':model:'))).toBe(false);
    expect(plan.rules.find((r) => r.id.startsWith('org:'))).toMatchObject({
      kind: 'budget',
      enforce: false,
      reserveNanos: 0,
      alert: { scope: 'org', scopeId: key.orgId, periodKind: 'monthly', periodStart: '2026-11-01', thresholds: [0.5, 0.8, 1] },
    });
  });

  it('skips a soft budget that has no alert thresholds', () => {
    const quiet = new CompiledGovernance(
      governanceSnapshotSchema.parse({ budgets: [{ scope: 'org', scopeId: key.orgId, budget: { amountUsd: 5, hard: false, alertThresholds: [] } }] }),
    );
    expect(quiet.plan(key, { model: 'm', tokens: 1, costNanos: 1 }, new Date()).rules).toEqual([]);
  });
});

describe('CompiledGovernance.plan, reused per key and model', () => {
  const governance = new CompiledGovernance(
    governanceSnapshotSchema.parse({
      limits: [{ scope: 'team', scopeId: key.teamId, limits: { rpm: 60, tpm: 100000 } }],
      budgets: [{ scope: 'team', scopeId: key.teamId, budget: { amountUsd: 25, period: 'monthly' } }],
    }),
  );

  it('fills in each request\'s own estimate', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const small = governance.plan(key, { model: 'm', tokens: 10, costNanos: 100 }, now);
    const large = governance.plan(key, { model: 'm', tokens: 900, costNanos: 9_000 }, now);
    expect(small.rules.find((r) => r.id.endsWith(':tpm'))).toMatchObject({ cost: 10 });
    expect(large.rules.find((r) => r.id.endsWith(':tpm'))).toMatchObject({ cost: 900 });
    expect(small.rules.find((r) => r.kind === 'budget')).toMatchObject({ reserveNanos: 100 });
    expect(large.rules.find((r) => r.kind === 'budget')).toMatchObject({ reserveNanos: 9_000 });
  });

  it('moves to the next budget period at its boundary, with the TTL counted from the new end', () => {
    const before = governance.plan(key, { model: 'm', tokens: 1, costNanos: 1 }, new Date('2026-11-30T23:59:59Z')).rules.find((r) => r.kind === 'budget');
    const after = governance.plan(key, { model: 'm', tokens: 1, costNanos: 1 }, new Date('2026-12-01T00:00:01Z')).rules.find((r) => r.kind === 'budget');
    expect(before).toMatchObject({ period: 'm2026-11', ttlMs: 1000 + 86_400_000, alert: { periodStart: '2026-11-01' } });
    expect(after).toMatchObject({ period: 'm2026-12', ttlMs: 31 * 86_400_000 - 1000 + 86_400_000, alert: { periodStart: '2026-12-01' } });
    // A clock stepping back lands in the earlier period again.
    expect(governance.plan(key, { model: 'm', tokens: 1, costNanos: 1 }, new Date('2026-11-30T12:00:00Z')).rules.find((r) => r.kind === 'budget')).toMatchObject({ period: 'm2026-11' });
  });

  it('follows a key that belongs to another team than when it was first planned', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(governance.plan(key, { model: 'm', tokens: 1, costNanos: 1 }, now).rules).toHaveLength(3);
    expect(governance.plan({ ...key, teamId: null }, { model: 'm', tokens: 1, costNanos: 1 }, now).rules).toEqual([]);
    expect(governance.plan(key, { model: 'm', tokens: 1, costNanos: 1 }, now).rules).toHaveLength(3);
  });

  it('hands out rules no caller can change for the next request', () => {
    const plan = governance.plan(key, { model: 'm', tokens: 1, costNanos: 1 }, new Date('2026-11-25T12:00:00Z'));
    const rpm = plan.rules.find((r) => r.id.endsWith(':rpm'))!;
    expect(() => Object.assign(rpm, { limit: 1 })).toThrow(TypeError);
    expect(() => (plan.tokenRuleIds as string[]).push('x')).toThrow(TypeError);
  });
});

describe('CompiledGovernance.loggingPolicyFor', () => {
  it('takes the most specific scope, and is null when no policy applies', () => {
    const governance = new CompiledGovernance(
      governanceSnapshotSchema.parse({
        logging: [
          { scope: 'org', scopeId: key.orgId, policy: { storePrompts: true } },
          { scope: 'team', scopeId: key.teamId, policy: { storePrompts: false, storeResponses: true } },
        ],
      }),
    );
    expect(governance.loggingPolicyFor(key)).toMatchObject({ storePrompts: false, storeResponses: true });
    expect(governance.loggingPolicyFor({ ...key, teamId: null })).toMatchObject({ storePrompts: true, storeResponses: false });
    expect(new CompiledGovernance(governanceSnapshotSchema.parse({})).loggingPolicyFor(key)).toBeNull();
  });
});
