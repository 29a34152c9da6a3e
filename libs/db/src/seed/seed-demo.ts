import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, argon2id } from 'argon2';
import type { DataSource, EntityManager } from 'typeorm';
import { generateApiKey, hashApiKey, displayPrefixOf } from '@sluice/governance';
import { bumpConfigVersion } from '../config-version/config-version';
import type { CredentialCipher } from '../crypto/credential-cipher';
import { loadModelCatalog, type CatalogModel, type DemoProviderKey, type ModelCatalog } from './model-catalog';

export const DEMO_ORG = { name: 'Acme', slug: 'acme' } as const;
export const DEMO_TEAM_NAME = 'Platform';
export const DEMO_KEY_NAME = 'Demo key';
export const DEFAULT_ADMIN_EMAIL = 'admin@acme.test';
export const DEFAULT_MOCK_PROVIDER_URL = 'http://127.0.0.1:4300/v1';
/** What the mock provider accepts; sealed with the KEK like any real credential. */
const MOCK_CREDENTIAL = 'mock-key';
/** Serialises concurrent seeds (arbitrary constant, unique within Sluice). */
const SEED_LOCK_KEY = 7_310_042_002;

export interface SeedDemoOptions {
  /** SLUICE_KEY_PEPPER: the HMAC key API keys are hashed with; must match the gateway's. */
  keyPepper: string;
  /** Seals the mock providers' credentials. */
  credentialCipher: CredentialCipher;
  adminEmail?: string;
  /** Generated (and returned once) when absent and the admin is created. */
  adminPassword?: string;
  /** A fixed `sk-sluice-…` demo key (tests, e2e); generated when absent and no demo key exists. */
  demoApiKey?: string;
  /** Origin of the mock provider, with or without a trailing `/v1`. */
  mockProviderUrl?: string;
  /** Defaults to the shipped model-catalog.yaml. */
  catalog?: ModelCatalog;
}

export interface SeedDemoResult {
  /** True when this run inserted anything. */
  created: boolean;
  adminEmail: string;
  /** Only when the admin was created by this run: passwords are stored as argon2id hashes only. */
  adminPassword: string | null;
  /** Only when the key was created by this run: keys are stored as HMACs only. */
  demoApiKey: string | null;
  orgId: string;
  teamId: string;
}

interface Upserted {
  id: string;
  created: boolean;
}

/**
 * Seeds the demo organisation "Acme": team, break-glass owner, model catalog, mock providers,
 * deployments and a team API key. Idempotent by natural keys (org slug, team name, email, model
 * and provider names, key hash): a second run inserts nothing and changes nothing.
 */
export async function seedDemo(dataSource: DataSource, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const catalog = options.catalog ?? loadModelCatalog();
  const adminEmail = (options.adminEmail ?? DEFAULT_ADMIN_EMAIL).trim();
  return dataSource.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const org = await upsert(tx, 'INSERT INTO organizations (name, slug) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING RETURNING id',
      [DEMO_ORG.name, DEMO_ORG.slug], 'SELECT id FROM organizations WHERE slug = $1', [DEMO_ORG.slug]);
    const team = await upsert(tx, 'INSERT INTO teams (org_id, name) VALUES ($1, $2) ON CONFLICT (org_id, name) DO NOTHING RETURNING id',
      [org.id, DEMO_TEAM_NAME], 'SELECT id FROM teams WHERE org_id = $1 AND name = $2', [org.id, DEMO_TEAM_NAME]);
    const admin = await seedAdmin(tx, org.id, adminEmail, options.adminPassword);
    const modelsCreated = await seedCatalog(tx, org.id, catalog.models);
    const { providers, moved: mockProvidersMoved } = await seedMockProviders(tx, org.id, options);
    const deploymentsCreated = await seedDeployments(tx, org.id, catalog, providers);
    const key = await seedDemoKey(tx, org.id, team.id, options);

    const created = [org, team].some((r) => r.created) || admin.created || modelsCreated > 0 ||
      Object.values(providers).some((p) => p.created) || deploymentsCreated > 0 || key.secret !== null;
    if (created || mockProvidersMoved > 0) await bumpConfigVersion(tx);
    return { created, adminEmail, adminPassword: admin.password, demoApiKey: key.secret, orgId: org.id, teamId: team.id };
  });
}

async function upsert(tx: EntityManager, insertSql: string, insertParams: unknown[], selectSql: string, selectParams: unknown[]): Promise<Upserted> {
  const inserted = (await tx.query(insertSql, insertParams)) as Array<{ id: string }>;
  if (inserted.length > 0) return { id: inserted[0].id, created: true };
  const [existing] = (await tx.query(selectSql, selectParams)) as Array<{ id: string }>;
  if (!existing) throw new Error(`seed: row vanished after a conflicting insert (${selectSql})`);
  return { id: existing.id, created: false };
}

async function seedAdmin(tx: EntityManager, orgId: string, email: string, givenPassword: string | undefined) {
  let [user] = (await tx.query('SELECT id FROM users WHERE lower(email) = lower($1)', [email])) as Array<{ id: string }>;
  let password: string | null = null;
  if (!user) {
    password = givenPassword ?? randomBytes(18).toString('base64url');
    const passwordHash = await argon2Hash(password, { type: argon2id });
    [user] = (await tx.query(
      `INSERT INTO users (email, display_name, password_hash) VALUES ($1, 'Break-glass admin', $2) RETURNING id`,
      [email, passwordHash],
    )) as Array<{ id: string }>;
  }
  const membership = (await tx.query(
    `INSERT INTO memberships (user_id, org_id, team_id, role) VALUES ($1, $2, NULL, 'owner') ON CONFLICT DO NOTHING RETURNING id`,
    [user.id, orgId],
  )) as unknown[];
  return { id: user.id, password, created: password !== null || membership.length > 0 };
}

async function seedCatalog(tx: EntityManager, orgId: string, models: readonly CatalogModel[]): Promise<number> {
  let created = 0;
  for (const m of models) {
    const tier = m.price.longContext;
    const rows = (await tx.query(
      `INSERT INTO models (org_id, name, family, provider_type, context_window, max_output_tokens, input_price_per_1m,
         output_price_per_1m, cached_input_price_per_1m, modalities, capabilities, status, deprecation_date, description, tags,
         cache_write_price_per_1m, long_context_above_tokens, long_context_input_price_per_1m, long_context_output_price_per_1m,
         long_context_cached_input_price_per_1m, long_context_cache_write_price_per_1m, cache_write_1h_price_per_1m, long_context_cache_write_1h_price_per_1m)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
       ON CONFLICT (org_id, name) DO NOTHING RETURNING id`,
      [orgId, m.name, m.family, m.provider, m.contextWindow, m.maxOutputTokens ?? null, m.price.input, m.price.output,
        m.price.cachedInput ?? null, m.modalities, m.capabilities, m.status, m.deprecationDate ?? null, m.description, m.tags,
        m.price.cacheWrite ?? null, tier?.aboveTokens ?? null, tier?.input ?? null, tier?.output ?? null, tier?.cachedInput ?? null, tier?.cacheWrite ?? null,
        m.price.cacheWrite1h ?? null, tier?.cacheWrite1h ?? null],
    )) as unknown[];
    created += rows.length;
  }
  return created;
}

/** The mock serves OpenAI under /v1 and Anthropic at the root (the Anthropic adapter adds /v1/messages). */
export function mockProviderBaseUrls(mockProviderUrl: string): Record<DemoProviderKey, string> {
  const origin = mockProviderUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { 'mock-openai': `${origin}/v1`, 'mock-anthropic': origin };
}

/**
 * The two mock providers. An existing one follows the mock provider when it runs elsewhere than at the
 * first seed (`npm start` with another MOCK_PROVIDER_PORT); otherwise every demo call would go to the old
 * port. `moved` counts those.
 */
async function seedMockProviders(tx: EntityManager, orgId: string, options: SeedDemoOptions): Promise<{ providers: Record<DemoProviderKey, Upserted>; moved: number }> {
  const urls = mockProviderBaseUrls(options.mockProviderUrl ?? DEFAULT_MOCK_PROVIDER_URL);
  const specs: Array<[DemoProviderKey, string, 'openai' | 'anthropic']> = [
    ['mock-openai', 'Mock OpenAI', 'openai'],
    ['mock-anthropic', 'Mock Anthropic', 'anthropic'],
  ];
  const providers = {} as Record<DemoProviderKey, Upserted>;
  let moved = 0;
  for (const [key, name, type] of specs) {
    const sealed = options.credentialCipher.encrypt(MOCK_CREDENTIAL);
    providers[key] = await upsert(tx,
      `INSERT INTO providers (org_id, name, type, base_url, credentials_ciphertext, credentials_key_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, name) DO NOTHING RETURNING id`,
      [orgId, name, type, urls[key], sealed.ciphertext, sealed.keyId],
      'SELECT id FROM providers WHERE org_id = $1 AND name = $2', [orgId, name]);
    if (providers[key].created) continue;
    // Wrapped in a SELECT: a bare UPDATE … RETURNING comes back from the driver as [rows, count].
    const rows = (await tx.query(
      `WITH moved AS (UPDATE providers SET base_url = $2, updated_at = now() WHERE id = $1 AND base_url <> $2 RETURNING id)
       SELECT id FROM moved`,
      [providers[key].id, urls[key]],
    )) as unknown[];
    moved += rows.length;
  }
  return { providers, moved };
}

async function seedDeployments(tx: EntityManager, orgId: string, catalog: ModelCatalog, providers: Record<DemoProviderKey, Upserted>): Promise<number> {
  let created = 0;
  for (const d of catalog.demoDeployments) {
    const rows = (await tx.query(
      `INSERT INTO deployments (model_id, provider_id, upstream_model, timeout_ms)
       SELECT id, $3, $4, 30000 FROM models WHERE org_id = $1 AND name = $2
       ON CONFLICT (model_id, provider_id, upstream_model) DO NOTHING RETURNING id`,
      [orgId, d.model, providers[d.provider].id, d.upstreamModel],
    )) as unknown[];
    created += rows.length;
  }
  return created;
}

async function seedDemoKey(tx: EntityManager, orgId: string, teamId: string, options: SeedDemoOptions): Promise<{ secret: string | null }> {
  if (!options.demoApiKey) {
    const [existing] = (await tx.query(
      'SELECT id FROM api_keys WHERE team_id = $1 AND name = $2 AND revoked_at IS NULL LIMIT 1', [teamId, DEMO_KEY_NAME],
    )) as unknown[];
    if (existing) return { secret: null };
  }
  const key = options.demoApiKey
    ? { secret: options.demoApiKey, displayPrefix: displayPrefixOf(options.demoApiKey), hash: hashApiKey(options.keyPepper, options.demoApiKey) }
    : generateApiKey(options.keyPepper);
  const rows = (await tx.query(
    `INSERT INTO api_keys (org_id, team_id, name, display_prefix, hash, metadata)
     VALUES ($1, $2, $3, $4, $5, '{"source":"seed"}') ON CONFLICT (hash) DO NOTHING RETURNING id`,
    [orgId, teamId, DEMO_KEY_NAME, key.displayPrefix, key.hash],
  )) as unknown[];
  return { secret: rows.length > 0 ? key.secret : null };
}
