import { randomBytes } from 'node:crypto';
import { verify } from 'argon2';
import { hashApiKey, looksLikeApiKey } from '@sluice/governance';
import { createAesGcmCredentialCipher } from '../crypto/credential-cipher';
import { getConfigVersion } from '../config-version/config-version';
import { createMigratedScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';
import { loadModelCatalog } from './model-catalog';
import { seedDemo, type SeedDemoOptions } from './seed-demo';

jest.setTimeout(60_000);

const TABLES = ['organizations', 'teams', 'users', 'memberships', 'models', 'providers', 'deployments', 'api_keys'];
const PEPPER = 'seed-spec-pepper-0123456789';

async function rowCounts(db: ScratchDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ count }] = (await db.dataSource.query(`SELECT count(*)::int AS count FROM ${table}`)) as Array<{ count: number }>;
    counts[table] = count;
  }
  return counts;
}

describe('seedDemo', () => {
  const cipher = createAesGcmCredentialCipher(randomBytes(32));
  let db: ScratchDatabase;

  beforeEach(async () => {
    db = await createMigratedScratchDatabase();
  });

  afterEach(() => db.drop());

  it('seeds the demo once; a second run creates nothing and reveals no secret', async () => {
    const options: SeedDemoOptions = { keyPepper: PEPPER, credentialCipher: cipher };
    const first = await seedDemo(db.dataSource, options);
    const afterFirst = await rowCounts(db);
    const versionAfterFirst = await getConfigVersion(db.dataSource);

    expect(first).toMatchObject({ created: true, adminEmail: 'admin@acme.test' });
    expect(first.adminPassword).toEqual(expect.any(String));
    expect(looksLikeApiKey(first.demoApiKey ?? '')).toBe(true);
    expect(afterFirst).toEqual({
      organizations: 1, teams: 1, users: 1, memberships: 1,
      models: loadModelCatalog().models.length, providers: 2, deployments: loadModelCatalog().demoDeployments.length, api_keys: 1,
    });

    const second = await seedDemo(db.dataSource, options);
    expect(second).toEqual({ ...first, created: false, adminPassword: null, demoApiKey: null });
    expect(await rowCounts(db)).toEqual(afterFirst);
    expect(await getConfigVersion(db.dataSource)).toBe(versionAfterFirst);
  });

  it('stores the admin password as argon2id and the key as the HMAC the gateway computes', async () => {
    const demoApiKey = `sk-sluice-spec${randomBytes(24).toString('base64url')}`;
    const result = await seedDemo(db.dataSource, {
      keyPepper: PEPPER, credentialCipher: cipher, adminEmail: 'Root@Example.test', adminPassword: 'correct horse battery', demoApiKey,
    });
    expect(result).toMatchObject({ adminEmail: 'Root@Example.test', adminPassword: 'correct horse battery', demoApiKey });

    const [user] = (await db.dataSource.query('SELECT password_hash FROM users WHERE lower(email) = $1', ['root@example.test'])) as Array<{ password_hash: string }>;
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verify(user.password_hash, 'correct horse battery')).toBe(true);

    const [key] = (await db.dataSource.query('SELECT hash, display_prefix, team_id FROM api_keys')) as Array<{ hash: string; display_prefix: string; team_id: string }>;
    expect(key).toEqual({ hash: hashApiKey(PEPPER, demoApiKey), display_prefix: demoApiKey.slice(0, 18), team_id: result.teamId });

    const [membership] = (await db.dataSource.query('SELECT role, team_id FROM memberships')) as Array<{ role: string; team_id: string | null }>;
    expect(membership).toEqual({ role: 'owner', team_id: null });

    // Same fixed key again: recognised by its hash, not inserted twice.
    const again = await seedDemo(db.dataSource, { keyPepper: PEPPER, credentialCipher: cipher, adminEmail: 'root@example.test', demoApiKey });
    expect(again).toMatchObject({ created: false, demoApiKey: null, adminPassword: null });
  });

  it('points the mock providers at the mock origin and seals their credentials', async () => {
    await seedDemo(db.dataSource, { keyPepper: PEPPER, credentialCipher: cipher, mockProviderUrl: 'http://127.0.0.1:4999/' });
    const providers = (await db.dataSource.query(
      'SELECT name, type, base_url, credentials_ciphertext, credentials_key_id FROM providers ORDER BY name',
    )) as Array<{ name: string; type: string; base_url: string; credentials_ciphertext: Buffer; credentials_key_id: string }>;
    expect(providers.map(({ name, type, base_url }) => ({ name, type, base_url }))).toEqual([
      { name: 'Mock Anthropic', type: 'anthropic', base_url: 'http://127.0.0.1:4999' },
      { name: 'Mock OpenAI', type: 'openai', base_url: 'http://127.0.0.1:4999/v1' },
    ]);
    for (const p of providers) {
      expect(p.credentials_ciphertext.includes(Buffer.from('mock-key'))).toBe(false);
      expect(cipher.decrypt({ ciphertext: p.credentials_ciphertext, keyId: p.credentials_key_id })).toBe('mock-key');
    }
  });
  it('moves the mock providers when the mock provider runs at another address, and leaves them alone otherwise', async () => {
    const options = { keyPepper: PEPPER, credentialCipher: cipher };
    await seedDemo(db.dataSource, { ...options, mockProviderUrl: 'http://127.0.0.1:4300/v1' });
    const urls = async () => (await db.dataSource.query('SELECT name, base_url FROM providers ORDER BY name')) as Array<{ name: string; base_url: string }>;
    const seeded = await getConfigVersion(db.dataSource);

    const moved = await seedDemo(db.dataSource, { ...options, mockProviderUrl: 'http://127.0.0.1:24300/v1' });
    expect(moved.created).toBe(false);
    expect(await urls()).toEqual([
      { name: 'Mock Anthropic', base_url: 'http://127.0.0.1:24300' },
      { name: 'Mock OpenAI', base_url: 'http://127.0.0.1:24300/v1' },
    ]);
    // Gateways reload their routing on a new config version.
    const afterMove = await getConfigVersion(db.dataSource);
    expect(afterMove).not.toBe(seeded);

    await seedDemo(db.dataSource, { ...options, mockProviderUrl: 'http://127.0.0.1:24300/v1' });
    expect(await getConfigVersion(db.dataSource)).toBe(afterMove);
  });
});
