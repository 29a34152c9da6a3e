import { randomBytes } from 'node:crypto';
import { configSnapshotSchema } from '@sluice/contracts';
import { createAesGcmCredentialCipher } from '../crypto/credential-cipher';
import { seedDemo, type SeedDemoResult } from '../seed/seed-demo';
import { createMigratedScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';
import { loadConfigSnapshot } from './load-config-snapshot';

jest.setTimeout(60_000);

describe('policies in the config snapshot', () => {
  let db: ScratchDatabase;
  let seeded: SeedDemoResult;
  let keyId: string;
  let userId: string;

  beforeAll(async () => {
    db = await createMigratedScratchDatabase();
    seeded = await seedDemo(db.dataSource, { keyPepper: 'policies-snapshot-pepper-0123', credentialCipher: createAesGcmCredentialCipher(randomBytes(32)) });
    [{ id: keyId }] = (await db.dataSource.query('SELECT id FROM api_keys LIMIT 1')) as Array<{ id: string }>;
    [{ id: userId }] = (await db.dataSource.query('SELECT id FROM users LIMIT 1')) as Array<{ id: string }>;
  });

  afterAll(() => db.drop());

  async function policy(kind: string, name: string, spec: unknown): Promise<string> {
    const [row] = (await db.dataSource.query('INSERT INTO policies (org_id, kind, name, spec) VALUES ($1, $2, $3, $4) RETURNING id', [seeded.orgId, kind, name, JSON.stringify(spec)])) as Array<{ id: string }>;
    return row.id;
  }
  const attach = (policyId: string, kind: string, scopeType: string, scopeId: string) =>
    db.dataSource.query('INSERT INTO policy_attachments (org_id, policy_id, kind, scope_type, scope_id) VALUES ($1, $2, $3, $4, $5)', [seeded.orgId, policyId, kind, scopeType, scopeId]);

  it('has no policies until one is attached; an unattached policy is not applied', async () => {
    await policy('budget', 'unattached', { amountUsd: 5 });
    const snapshot = await loadConfigSnapshot(db.dataSource);
    expect(snapshot.governance).toMatchObject({ limits: [], budgets: [], cache: [], guardrails: [], logging: [], failMode: {} });
  });

  it('carries every attached kind to its scope, and the org fail mode of an org rate-limit policy', async () => {
    await attach(await policy('rate_limit', 'org limits', { rpm: 1000, failMode: 'closed' }), 'rate_limit', 'org', seeded.orgId);
    await attach(await policy('rate_limit', 'team limits', { rpm: 5, perModel: { 'gpt-4o-mini': { tpm: 100 } } }), 'rate_limit', 'team', seeded.teamId);
    await attach(await policy('budget', 'team budget', { amountUsd: 25, period: 'daily' }), 'budget', 'team', seeded.teamId);
    await attach(await policy('cache', 'org cache', { mode: 'exact', ttlSeconds: 60 }), 'cache', 'org', seeded.orgId);
    await attach(await policy('guardrail', 'team guardrails', { pii: { action: 'redact' } }), 'guardrail', 'team', seeded.teamId);
    await attach(await policy('logging', 'key logging', { storePrompts: true, retentionDays: 7 }), 'logging', 'key', keyId);

    const snapshot = await loadConfigSnapshot(db.dataSource);
    expect(configSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    const g = snapshot.governance;
    expect(g.limits).toEqual(
      expect.arrayContaining([
        { scope: 'org', scopeId: seeded.orgId, limits: { rpm: 1000, perModel: {} } },
        { scope: 'team', scopeId: seeded.teamId, limits: { rpm: 5, perModel: { 'gpt-4o-mini': { tpm: 100 } } } },
      ]),
    );
    expect(g.failMode).toEqual({ [seeded.orgId]: 'closed' });
    expect(g.budgets).toEqual([{ scope: 'team', scopeId: seeded.teamId, budget: { amountUsd: 25, period: 'daily', hard: true, alertThresholds: [0.5, 0.8, 1] } }]);
    expect(g.cache).toEqual([{ scope: 'org', scopeId: seeded.orgId, policy: { mode: 'exact', ttlSeconds: 60 } }]);
    expect(g.guardrails[0]).toMatchObject({ scope: 'team', scopeId: seeded.teamId, policy: { pii: { action: 'redact' } } });
    expect(g.logging).toEqual([{ scope: 'key', scopeId: keyId, policy: { storePrompts: true, storeResponses: false, retentionDays: 7 } }]);
  });

  it('refuses a second policy of the same kind on one scope, and an attachment whose kind differs from its policy', async () => {
    const other = await policy('rate_limit', 'another team limit', { rpm: 9 });
    await expect(attach(other, 'rate_limit', 'team', seeded.teamId)).rejects.toThrow(/policy_attachments_kind_scope_key/);
    await expect(attach(other, 'budget', 'user', userId)).rejects.toThrow(/policy_attachments_policy_fkey/);
  });

  it('fails the snapshot (so gateways keep the previous one) when a stored spec no longer validates', async () => {
    const broken = await policy('cache', 'broken cache', { mode: 'exact+semantic' });
    await attach(broken, 'cache', 'team', seeded.teamId);
    await expect(loadConfigSnapshot(db.dataSource)).rejects.toThrow(/policy .* \(cache\) has a spec the gateway cannot apply: semantic/);
    await db.dataSource.query('DELETE FROM policy_attachments WHERE policy_id = $1', [broken]);
  });

  it('drops the attachments of a deleted team or key with it (scope ids have no foreign key)', async () => {
    const [{ id: teamId }] = (await db.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'short-lived') RETURNING id`, [seeded.orgId])) as Array<{ id: string }>;
    const teamPolicy = await policy('logging', 'short-lived logging', { storePrompts: true });
    await attach(teamPolicy, 'logging', 'team', teamId);
    await db.dataSource.query('DELETE FROM teams WHERE id = $1', [teamId]);
    expect(await db.dataSource.query('SELECT 1 FROM policy_attachments WHERE scope_id = $1', [teamId])).toEqual([]);
    expect((await loadConfigSnapshot(db.dataSource)).governance.logging.map((l) => l.scopeId)).not.toContain(teamId);
    await db.dataSource.query('DELETE FROM policies WHERE id = $1', [teamPolicy]);
  });
});
