import { randomBytes } from 'node:crypto';
import { configSnapshotSchema } from '@sluice/contracts';
import { costOfUsage, hashApiKey } from '@sluice/governance';
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

  it('carries cache-write prices and long-context tiers; a deployment override falls back to the model’s tier as a whole', async () => {
    const sonnetTier = { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: 12 };
    let snapshot = await loadConfigSnapshot(db.dataSource);
    expect(snapshot.models.find((m) => m.name === 'claude-sonnet-4-5')).toMatchObject({ inputPricePer1M: 3, cacheWritePricePer1M: 3.75, cacheWrite1hPricePer1M: 6, longContext: sonnetTier });
    expect(snapshot.models.find((m) => m.name === 'gpt-4o-mini')).toMatchObject({ cacheWritePricePer1M: undefined, cacheWrite1hPricePer1M: undefined, longContext: undefined });
    const sonnet = () => snapshot.deployments.find((d) => d.modelName === 'claude-sonnet-4-5');
    expect(sonnet()?.prices).toBeUndefined();

    const setSonnetDeployment = async (assignments: string) => {
      await db.dataSource.query(`UPDATE deployments SET ${assignments} WHERE upstream_model = 'claude-sonnet-4-5'`);
      snapshot = await loadConfigSnapshot(db.dataSource);
    };
    await setSonnetDeployment('input_price_per_1m = 2.4');
    expect(sonnet()?.prices).toEqual({ inputPricePer1M: 2.4, outputPricePer1M: 15, cachedInputPricePer1M: 0.3, cacheWritePricePer1M: 3.75, cacheWrite1hPricePer1M: 6, longContext: sonnetTier });

    await setSonnetDeployment(`input_price_per_1m = NULL, cache_write_price_per_1m = 3, long_context_above_tokens = 100000,
      long_context_input_price_per_1m = 5, long_context_output_price_per_1m = 20, long_context_cached_input_price_per_1m = 0.5`);
    expect(sonnet()?.prices).toEqual({
      inputPricePer1M: 3,
      outputPricePer1M: 15,
      cachedInputPricePer1M: 0.3,
      cacheWritePricePer1M: 3,
      cacheWrite1hPricePer1M: 6,
      longContext: { aboveTokens: 100_000, inputPricePer1M: 5, outputPricePer1M: 20, cachedInputPricePer1M: 0.5 },
    });
    await expect(db.dataSource.query(`UPDATE deployments SET long_context_output_price_per_1m = NULL WHERE upstream_model = 'claude-sonnet-4-5'`)).rejects.toThrow(
      /deployments_long_context_complete/,
    );
    await setSonnetDeployment(`cache_write_price_per_1m = NULL, long_context_above_tokens = NULL, long_context_input_price_per_1m = NULL,
      long_context_output_price_per_1m = NULL, long_context_cached_input_price_per_1m = NULL`);
    expect(sonnet()?.prices).toBeUndefined();
  });

  it('carries 1-hour cache-write prices on models, deployment overrides (each on its own) and tiers (with the tier)', async () => {
    const models = (assignments: string) => db.dataSource.query(`UPDATE models SET ${assignments} WHERE name = 'claude-sonnet-4-5'`);
    const deployments = (assignments: string) => db.dataSource.query(`UPDATE deployments SET ${assignments} WHERE upstream_model = 'claude-sonnet-4-5'`);
    const load = async () => {
      const snapshot = await loadConfigSnapshot(db.dataSource);
      return { model: snapshot.models.find((m) => m.name === 'claude-sonnet-4-5'), deployment: snapshot.deployments.find((d) => d.modelName === 'claude-sonnet-4-5') };
    };
    try {
      // The demo catalog's prices (2× input).
      const before = await load();
      expect(before.model).toMatchObject({ cacheWritePricePer1M: 3.75, cacheWrite1hPricePer1M: 6, longContext: { aboveTokens: 200_000, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: 12 } });
      expect(before.deployment?.prices).toBeUndefined();

      // Overriding only the 1-hour price is an override; the rest (tier included) is the model's.
      await deployments('cache_write_1h_price_per_1m = 5');
      let { deployment } = await load();
      expect(deployment?.prices).toMatchObject({ inputPricePer1M: 3, cacheWritePricePer1M: 3.75, cacheWrite1hPricePer1M: 5, longContext: { cacheWrite1hPricePer1M: 12 } });

      // Another override keeps the model's 1-hour price; an own tier brings its own (here none: the tier's cache-write price applies).
      await deployments(`cache_write_1h_price_per_1m = NULL, input_price_per_1m = 2.4, long_context_above_tokens = 100000, long_context_input_price_per_1m = 5,
        long_context_output_price_per_1m = 20, long_context_cached_input_price_per_1m = 0.5`);
      ({ deployment } = await load());
      expect(deployment?.prices).toMatchObject({ inputPricePer1M: 2.4, cacheWrite1hPricePer1M: 6 });
      expect(deployment?.prices?.longContext).toEqual({ aboveTokens: 100_000, inputPricePer1M: 5, outputPricePer1M: 20, cachedInputPricePer1M: 0.5 });
      await deployments('long_context_cache_write_1h_price_per_1m = 10');
      ({ deployment } = await load());
      expect(deployment?.prices?.longContext).toEqual({ aboveTokens: 100_000, inputPricePer1M: 5, outputPricePer1M: 20, cachedInputPricePer1M: 0.5, cacheWrite1hPricePer1M: 10 });

      // The tier's 1-hour price needs a tier, and prices are never negative.
      await expect(
        deployments(`long_context_above_tokens = NULL, long_context_input_price_per_1m = NULL, long_context_output_price_per_1m = NULL,
          long_context_cached_input_price_per_1m = NULL`),
      ).rejects.toThrow(/deployments_long_context_cache_write_1h_needs_tier/);
      await expect(db.dataSource.query(`UPDATE models SET long_context_cache_write_1h_price_per_1m = 1 WHERE name = 'gpt-4o-mini'`)).rejects.toThrow(
        /models_long_context_cache_write_1h_needs_tier/,
      );
      await expect(models('cache_write_1h_price_per_1m = -1')).rejects.toThrow(/models_cache_write_1h_price_per_1m_check/);
    } finally {
      await deployments(`input_price_per_1m = NULL, cache_write_1h_price_per_1m = NULL, long_context_cache_write_1h_price_per_1m = NULL, long_context_above_tokens = NULL,
        long_context_input_price_per_1m = NULL, long_context_output_price_per_1m = NULL, long_context_cached_input_price_per_1m = NULL`);
    }
  });

  it('bills cached tokens at the input price when neither the model nor the deployment has a cached-input price (never free)', async () => {
    const miniModel = (assignments: string) => db.dataSource.query(`UPDATE models SET ${assignments} WHERE name = 'gpt-4o-mini'`);
    const miniDeployment = (assignments: string) => db.dataSource.query(`UPDATE deployments SET ${assignments} WHERE upstream_model = 'gpt-4o-mini'`);
    const load = async () => {
      const snapshot = await loadConfigSnapshot(db.dataSource);
      return { model: snapshot.models.find((m) => m.name === 'gpt-4o-mini'), deployment: snapshot.deployments.find((d) => d.modelName === 'gpt-4o-mini') };
    };
    const allCached = { prompt_tokens: 1_000_000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 1_000_000 } };
    try {
      // The demo catalog's o3-pro has no cached-input price.
      expect((await loadConfigSnapshot(db.dataSource)).models.find((m) => m.name === 'o3-pro')).toMatchObject({ inputPricePer1M: 20, cachedInputPricePer1M: 20 });

      await miniModel('cached_input_price_per_1m = NULL');
      let { model, deployment } = await load();
      expect(model).toMatchObject({ inputPricePer1M: 0.15, cachedInputPricePer1M: 0.15 });
      expect(costOfUsage(model as NonNullable<typeof model>, allCached)).toBe(0.15);

      // A deployment override: its own cached price, else the model's, else its own input price.
      await miniDeployment('input_price_per_1m = 0.2');
      ({ deployment } = await load());
      expect(deployment?.prices).toMatchObject({ inputPricePer1M: 0.2, cachedInputPricePer1M: 0.2 });
      await miniModel('cached_input_price_per_1m = 0.075');
      ({ deployment } = await load());
      expect(deployment?.prices).toMatchObject({ inputPricePer1M: 0.2, cachedInputPricePer1M: 0.075 });
      await miniDeployment('cached_input_price_per_1m = 0');
      ({ model, deployment } = await load());
      expect(deployment?.prices).toMatchObject({ inputPricePer1M: 0.2, cachedInputPricePer1M: 0 });
      expect(model).toMatchObject({ cachedInputPricePer1M: 0.075 });
    } finally {
      await miniModel('cached_input_price_per_1m = 0.075');
      await miniDeployment('input_price_per_1m = NULL, cached_input_price_per_1m = NULL');
    }
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
