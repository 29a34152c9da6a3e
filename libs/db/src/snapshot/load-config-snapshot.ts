import type { DataSource, EntityManager } from 'typeorm';
import { configSnapshotSchema, type ConfigSnapshot } from '@sluice/contracts';
import { getConfigVersion } from '../config-version/config-version';
import type { SealedCredential } from '../crypto/credential-cipher';
import { readGovernancePolicies } from './governance-policies';

export interface LoadConfigSnapshotOptions {
  /** Turns stored provider credentials into the upstream API key. Without it, snapshots carry no keys. */
  decryptCredential?: (sealed: SealedCredential) => string;
  /**
   * Called when one provider's credentials cannot be decrypted. That provider is served without a key
   * (its calls fail upstream) instead of failing the whole snapshot and so every provider.
   */
  onCredentialError?: (providerId: string, error: unknown) => void;
}

interface ProviderRow {
  id: string;
  name: string;
  type: string;
  base_url: string;
  options: Record<string, string>;
  credentials_ciphertext: Buffer | null;
  credentials_key_id: string | null;
}

/** The cache-write and long-context columns of `models` and `deployments` (numerics arrive as strings, or numbers from JSON). */
interface TierColumns {
  cache_write_price_per_1m: string | number | null;
  cache_write_1h_price_per_1m: string | number | null;
  long_context_above_tokens: number | null;
  long_context_input_price_per_1m: string | number | null;
  long_context_output_price_per_1m: string | number | null;
  long_context_cached_input_price_per_1m: string | number | null;
  long_context_cache_write_price_per_1m: string | number | null;
  long_context_cache_write_1h_price_per_1m: string | number | null;
}

interface ModelRow extends TierColumns {
  id: string;
  name: string;
  input_price_per_1m: string;
  output_price_per_1m: string;
  cached_input_price_per_1m: string | null;
  capabilities: string[];
}

interface DeploymentRow extends TierColumns {
  id: string;
  model_name: string;
  provider_id: string;
  upstream_model: string;
  weight: number;
  priority: number;
  timeout_ms: number;
  rpm: number | null;
  tpm: number | null;
  input_price_per_1m: string | null;
  output_price_per_1m: string | null;
  cached_input_price_per_1m: string | null;
  model_input_price_per_1m: string;
  model_output_price_per_1m: string;
  model_cached_input_price_per_1m: string | null;
  /** The model's cache-write and long-context columns, as JSON (the fallback of a deployment's override). */
  model_tier: TierColumns;
}

interface TeamRow {
  id: string;
  org_id: string;
  allowed_models: string[];
}

interface KeyRow {
  id: string;
  hash: string;
  display_prefix: string;
  org_id: string;
  team_id: string | null;
  user_id: string | null;
  allowed_models: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  previous_hash: string | null;
  previous_hash_expires_at: Date | null;
}

/**
 * Reads everything the gateway serves from (enabled providers, catalog prices, enabled deployments,
 * keys) in one read-only REPEATABLE READ transaction, so the version and the rows agree.
 */
export async function loadConfigSnapshot(dataSource: DataSource, options: LoadConfigSnapshotOptions = {}): Promise<ConfigSnapshot> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    const version = await getConfigVersion(manager);
    const [providers, models, deployments, keys, teams] = await readRows(manager);
    const governance = await readGovernancePolicies(manager);
    return configSnapshotSchema.parse({
      version,
      providers: providers.map((row) => ({
        id: row.id,
        name: row.name,
        type: row.type,
        baseUrl: row.base_url,
        apiKey: credentialOf(row, options),
        options: row.options,
      })),
      models: models.map((row) => ({
        id: row.id,
        name: row.name,
        inputPricePer1M: Number(row.input_price_per_1m),
        outputPricePer1M: Number(row.output_price_per_1m),
        // No cached-input price: cached tokens are billed as input (never free), as the portal estimates them.
        cachedInputPricePer1M: Number(row.cached_input_price_per_1m ?? row.input_price_per_1m),
        ...cacheWriteAndTierOf(row),
        capabilities: row.capabilities,
      })),
      deployments: deployments.map((row) => ({
        id: row.id,
        modelName: row.model_name,
        providerId: row.provider_id,
        upstreamModel: row.upstream_model,
        weight: row.weight,
        priority: row.priority,
        timeoutMs: row.timeout_ms,
        ...(row.rpm !== null ? { rpm: row.rpm } : {}),
        ...(row.tpm !== null ? { tpm: row.tpm } : {}),
        ...deploymentPricesOf(row),
      })),
      keys: keys.flatMap(snapshotKeysOf),
      teams: teams.map((row) => ({ id: row.id, orgId: row.org_id, allowedModels: row.allowed_models })),
      governance,
    });
  });
}

// Sequential on purpose: one transaction is one connection, which runs one query at a time anyway.
async function readRows(manager: EntityManager): Promise<[ProviderRow[], ModelRow[], DeploymentRow[], KeyRow[], TeamRow[]]> {
  const providers = (await manager.query(
    `SELECT id, name, type, base_url, options, credentials_ciphertext, credentials_key_id
       FROM providers WHERE enabled ORDER BY created_at, id`,
  )) as ProviderRow[];
  const models = (await manager.query(
    `SELECT id, name, input_price_per_1m, output_price_per_1m, cached_input_price_per_1m, capabilities,
            cache_write_price_per_1m, cache_write_1h_price_per_1m, long_context_above_tokens, long_context_input_price_per_1m,
            long_context_output_price_per_1m, long_context_cached_input_price_per_1m, long_context_cache_write_price_per_1m,
            long_context_cache_write_1h_price_per_1m
       FROM models WHERE status <> 'deprecated' OR deprecation_date IS NULL OR deprecation_date > current_date
       ORDER BY name, id`,
  )) as ModelRow[];
  const deployments = (await manager.query(
    `SELECT d.id, m.name AS model_name, d.provider_id, d.upstream_model, d.weight, d.priority, d.timeout_ms, d.rpm, d.tpm,
            d.input_price_per_1m, d.output_price_per_1m, d.cached_input_price_per_1m,
            d.cache_write_price_per_1m, d.cache_write_1h_price_per_1m, d.long_context_above_tokens, d.long_context_input_price_per_1m,
            d.long_context_output_price_per_1m, d.long_context_cached_input_price_per_1m, d.long_context_cache_write_price_per_1m,
            d.long_context_cache_write_1h_price_per_1m,
            m.input_price_per_1m AS model_input_price_per_1m, m.output_price_per_1m AS model_output_price_per_1m,
            m.cached_input_price_per_1m AS model_cached_input_price_per_1m,
            json_build_object('cache_write_price_per_1m', m.cache_write_price_per_1m, 'cache_write_1h_price_per_1m', m.cache_write_1h_price_per_1m,
              'long_context_above_tokens', m.long_context_above_tokens,
              'long_context_input_price_per_1m', m.long_context_input_price_per_1m, 'long_context_output_price_per_1m', m.long_context_output_price_per_1m,
              'long_context_cached_input_price_per_1m', m.long_context_cached_input_price_per_1m,
              'long_context_cache_write_price_per_1m', m.long_context_cache_write_price_per_1m,
              'long_context_cache_write_1h_price_per_1m', m.long_context_cache_write_1h_price_per_1m) AS model_tier
       FROM deployments d
       JOIN models m ON m.id = d.model_id
       JOIN providers p ON p.id = d.provider_id
      WHERE d.enabled AND p.enabled
        AND (m.status <> 'deprecated' OR m.deprecation_date IS NULL OR m.deprecation_date > current_date)
      ORDER BY m.name, d.priority, d.id`,
  )) as DeploymentRow[];
  const keys = (await manager.query(
    // A disabled service account's keys stop working with it (and work again when it is enabled).
    `SELECT k.id, k.hash, k.display_prefix, k.org_id, k.team_id, k.user_id, k.allowed_models, k.expires_at,
            COALESCE(k.revoked_at, sa.disabled_at) AS revoked_at,
            CASE WHEN k.previous_hash_expires_at > now() THEN k.previous_hash END AS previous_hash, k.previous_hash_expires_at
       FROM api_keys k LEFT JOIN service_accounts sa ON sa.id = k.service_account_id
      ORDER BY k.created_at, k.id`,
  )) as KeyRow[];
  const teams = (await manager.query('SELECT id, org_id, allowed_models FROM teams ORDER BY created_at, id')) as TeamRow[];
  return [providers, models, deployments, keys, teams];
}

/**
 * A deployment with any price override carries all its prices; the others fall back to the catalog
 * model's: each base and cache-write price on its own, the long-context tier as a whole. A cached-input
 * price neither has is the deployment's input price.
 */
function deploymentPricesOf(row: DeploymentRow) {
  const overridesTier = row.cache_write_price_per_1m !== null || row.cache_write_1h_price_per_1m !== null || row.long_context_above_tokens !== null;
  if (row.input_price_per_1m === null && row.output_price_per_1m === null && row.cached_input_price_per_1m === null && !overridesTier) return {};
  const pick = (own: string | null, model: string | null) => Number(own ?? model ?? 0);
  const model = row.model_tier;
  const inputPricePer1M = pick(row.input_price_per_1m, row.model_input_price_per_1m);
  return {
    prices: {
      inputPricePer1M,
      outputPricePer1M: pick(row.output_price_per_1m, row.model_output_price_per_1m),
      cachedInputPricePer1M: Number(row.cached_input_price_per_1m ?? row.model_cached_input_price_per_1m ?? inputPricePer1M),
      ...cacheWriteAndTierOf({
        ...(row.long_context_above_tokens !== null ? row : model),
        cache_write_price_per_1m: row.cache_write_price_per_1m ?? model.cache_write_price_per_1m,
        cache_write_1h_price_per_1m: row.cache_write_1h_price_per_1m ?? model.cache_write_1h_price_per_1m,
      }),
    },
  };
}

/**
 * The cache-write price (absent = the input price), the 1-hour cache-write price (absent = the
 * cache-write price) and the long-context tier (absent = none) of a row.
 */
function cacheWriteAndTierOf(row: TierColumns) {
  const optional = (value: string | number | null) => (value === null ? undefined : Number(value));
  return {
    cacheWritePricePer1M: optional(row.cache_write_price_per_1m),
    cacheWrite1hPricePer1M: optional(row.cache_write_1h_price_per_1m),
    longContext:
      row.long_context_above_tokens === null
        ? undefined
        : {
            aboveTokens: row.long_context_above_tokens,
            inputPricePer1M: Number(row.long_context_input_price_per_1m),
            outputPricePer1M: Number(row.long_context_output_price_per_1m),
            cachedInputPricePer1M: Number(row.long_context_cached_input_price_per_1m),
            cacheWritePricePer1M: optional(row.long_context_cache_write_price_per_1m),
            cacheWrite1hPricePer1M: optional(row.long_context_cache_write_1h_price_per_1m),
          },
  };
}

/**
 * A key, plus, during a rotation's grace period, its previous secret as a second entry with the same
 * id that expires when the grace period ends (or with the key, if sooner). The grace entry comes
 * first so anything indexing keys by id ends on the current one.
 */
function snapshotKeysOf(row: KeyRow) {
  const key = {
    id: row.id,
    hash: row.hash,
    prefix: row.display_prefix,
    orgId: row.org_id,
    teamId: row.team_id,
    userId: row.user_id,
    allowedModels: row.allowed_models,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
  };
  if (row.previous_hash === null || row.previous_hash_expires_at === null) return [key];
  const graceEnds = row.expires_at && row.expires_at < row.previous_hash_expires_at ? row.expires_at : row.previous_hash_expires_at;
  return [{ ...key, hash: row.previous_hash, expiresAt: graceEnds.toISOString() }, key];
}

function credentialOf(row: ProviderRow, options: LoadConfigSnapshotOptions): string | undefined {
  if (!options.decryptCredential || row.credentials_ciphertext === null || row.credentials_key_id === null) return undefined;
  try {
    return options.decryptCredential({ ciphertext: row.credentials_ciphertext, keyId: row.credentials_key_id });
  } catch (error) {
    options.onCredentialError?.(row.id, error);
    return undefined;
  }
}
