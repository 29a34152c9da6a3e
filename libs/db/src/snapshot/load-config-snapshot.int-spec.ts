import { randomBytes } from 'node:crypto';
import { configSnapshotSchema } from '@sluice/contracts';
import { hashApiKey } from '@sluice/governance';
import { bumpConfigVersion, getConfigVersion } from '../config-version/config-version';
import { createAesGcmCredentialCipher } from '../crypto/credential-cipher';
import { seedDemo, type SeedDemoResult } from '../seed/seed-demo';
import { createMigratedScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';
import { loadConfigSnapshot } from './load-config-snapshot';

jest.setTimeout(60_000);

const PEPPER = 'snapshot-spec-pepper-0123456789';

describe('loadConfigSnapshot', () => {
  const cipher = createAesGcmCredentialCipher(randomBytes(32));
  const demoApiKey = `sk-sluice-snap${randomBytes(24).toString('base64url')}`;
  let db: ScratchDatabase;
  let seeded: SeedDemoResult;

  beforeAll(async () => {
    db = await createMigratedScratchDatabase();
    seeded = await seedDemo(db.dataSource, { keyPepper: PEPPER, credentialCipher: cipher, demoApiKey });
  });

  afterAll(() => db.drop());

  it('returns the seeded key hash, catalog prices and deployments at the current version', async () => {
    const snapshot = await loadConfigSnapshot(db.dataSource);
    expect(configSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.version).toBe(await getConfigVersion(db.dataSource));

    expect(snapshot.keys).toEqual([
      expect.objectContaining({ hash: hashApiKey(PEPPER, demoApiKey), orgId: seeded.orgId, teamId: seeded.teamId, revoked: false, expiresAt: null, allowedModels: [] }),
    ]);
    expect(snapshot.models.find((m) => m.name === 'gpt-4o-mini')).toMatchObject({ inputPricePer1M: 0.15, outputPricePer1M: 0.6, cachedInputPricePer1M: 0.075 });

    const mockOpenAi = snapshot.providers.find((p) => p.name === 'Mock OpenAI');
    expect(mockOpenAi).toMatchObject({ type: 'openai', baseUrl: 'http://127.0.0.1:4300/v1' });
    expect(mockOpenAi?.apiKey).toBeUndefined();
    expect(snapshot.deployments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ modelName: 'gpt-4o-mini', providerId: mockOpenAi?.id, upstreamModel: 'gpt-4o-mini', timeoutMs: 30000 }),
        expect.objectContaining({ modelName: 'claude-3-5-haiku', upstreamModel: 'claude-3-5-haiku' }),
      ]),
    );
  });

  it('carries a rotated key’s previous hash as a second entry (same id) until the grace period ends', async () => {
    const previous = hashApiKey(PEPPER, 'sk-sluice-previous-secret-of-the-demo-key');
    const [key] = (await db.dataSource.query('SELECT id, hash FROM api_keys')) as Array<{ id: string; hash: string }>;
    const graceEnds = new Date(Date.now() + 3600_000);
    await db.dataSource.query('UPDATE api_keys SET previous_hash = $1, previous_hash_expires_at = $2 WHERE id = $3', [previous, graceEnds, key.id]);
    try {
      const during = await loadConfigSnapshot(db.dataSource);
      expect(during.keys.map((k) => [k.id, k.hash, k.expiresAt])).toEqual([
        [key.id, previous, graceEnds.toISOString()],
        [key.id, key.hash, null],
      ]);
      await db.dataSource.query(`UPDATE api_keys SET previous_hash_expires_at = now() - interval '1 second' WHERE id = $1`, [key.id]);
      expect((await loadConfigSnapshot(db.dataSource)).keys.map((k) => k.hash)).toEqual([key.hash]);
    } finally {
      await db.dataSource.query('UPDATE api_keys SET previous_hash = NULL, previous_hash_expires_at = NULL WHERE id = $1', [key.id]);
    }
  });

  it('decrypts provider credentials when given a decryptor, and isolates one that fails', async () => {
    const withKeys = await loadConfigSnapshot(db.dataSource, { decryptCredential: (sealed) => cipher.decrypt(sealed) });
    expect(withKeys.providers.map((p) => p.apiKey)).toEqual(['mock-key', 'mock-key']);

    const failures: string[] = [];
    const otherCipher = createAesGcmCredentialCipher(randomBytes(32));
    const broken = await loadConfigSnapshot(db.dataSource, {
      decryptCredential: (sealed) => otherCipher.decrypt(sealed),
      onCredentialError: (providerId) => failures.push(providerId),
    });
    expect(broken.providers.map((p) => p.apiKey)).toEqual([undefined, undefined]);
    expect(failures.sort()).toEqual(broken.providers.map((p) => p.id).sort());
  });

  it('reflects revocations, disabled deployments and version bumps made in one transaction', async () => {
    const before = await loadConfigSnapshot(db.dataSource);
    await db.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE api_keys SET revoked_at = now()');
      await tx.query(`UPDATE deployments SET enabled = false WHERE upstream_model = 'gpt-4o-mini'`);
      await bumpConfigVersion(tx);
    });
    const after = await loadConfigSnapshot(db.dataSource);
    expect(after.version).toBe(before.version + 1);
    expect(after.keys[0].revoked).toBe(true);
    expect(after.deployments.some((d) => d.modelName === 'gpt-4o-mini')).toBe(false);
    expect(after.deployments).toHaveLength(before.deployments.length - 1);
  });
});
