import { governanceSnapshotSchema, loggingPolicySchema, policySpecSchemas, rateLimitPolicySpecSchema } from './governance-policy';
import { standaloneConfigSchema } from './standalone-config';

describe('logging policy', () => {
  it('defaults to metadata only, kept 30 days, and refuses unknown fields', () => {
    expect(loggingPolicySchema.parse({})).toEqual({ storePrompts: false, storeResponses: false, retentionDays: 30 });
    expect(loggingPolicySchema.safeParse({ storePrompt: true }).success).toBe(false);
    expect(loggingPolicySchema.safeParse({ retentionDays: 0 }).success).toBe(false);
  });

  it('is carried in the governance snapshot as scoped policies (absent: none)', () => {
    expect(governanceSnapshotSchema.parse({}).logging).toEqual([]);
    const parsed = governanceSnapshotSchema.parse({ logging: [{ scope: 'team', scopeId: 't1', policy: { storePrompts: true } }] });
    expect(parsed.logging[0].policy).toEqual({ storePrompts: true, storeResponses: false, retentionDays: 30 });
  });

  it('is accepted in the standalone file for the organization, teams and keys', () => {
    const config = standaloneConfigSchema.parse({
      version: 1,
      providers: [{ name: 'mock', type: 'openai', base_url: 'http://127.0.0.1:4300/v1' }],
      models: [{ name: 'm', deployments: [{ provider: 'mock', model: 'm' }] }],
      logging: { retentionDays: 7 },
      teams: [{ name: 'data', logging: { storePrompts: true, storeResponses: true } }],
      keys: [{ name: 'ci', key_hash: 'a'.repeat(64), logging: { storePrompts: false } }],
    });
    expect(config.logging?.retentionDays).toBe(7);
    expect(config.teams[0].logging?.storeResponses).toBe(true);
    expect(config.keys[0].logging?.storePrompts).toBe(false);
  });
});

describe('stored policy specs', () => {
  it('validate each kind with the schema the gateway applies', () => {
    expect(policySpecSchemas.rate_limit.safeParse({ rpm: 10, perModel: { 'gpt-4o': { tpm: 100 } } }).success).toBe(true);
    expect(policySpecSchemas.rate_limit.safeParse({ rpm: -1 }).success).toBe(false);
    expect(policySpecSchemas.budget.parse({ amountUsd: 5 })).toMatchObject({ period: 'monthly', hard: true });
    expect(policySpecSchemas.cache.safeParse({ mode: 'exact+semantic' }).success).toBe(false);
    expect(policySpecSchemas.guardrail.safeParse({ blockedTerms: { regexes: ['a+'] } }).success).toBe(false);
  });

  it('lets a rate-limit policy carry the organization fail mode', () => {
    expect(rateLimitPolicySpecSchema.parse({ rpm: 5, failMode: 'closed' })).toEqual({ rpm: 5, failMode: 'closed', perModel: {} });
    expect(rateLimitPolicySpecSchema.safeParse({ failMode: 'maybe' }).success).toBe(false);
  });
});
