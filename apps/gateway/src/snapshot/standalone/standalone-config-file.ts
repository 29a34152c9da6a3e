import { readFile, stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { standaloneConfigSchema, type ConfigSnapshot, type Prices, type StandaloneConfig } from '@sluice/contracts';
import { displayPrefixOf, hashApiKey } from '@sluice/governance';
import { interpolateEnv } from './interpolate-env';
import { stableId } from './stable-id';

export class StandaloneConfigError extends Error {
  override name = 'StandaloneConfigError';
}

/** Reads, interpolates and validates a standalone config file; errors name the file and each bad field. */
export async function readStandaloneConfig(path: string, env: NodeJS.ProcessEnv): Promise<StandaloneConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StandaloneConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  const fail = (detail: string) => new StandaloneConfigError(`invalid config file ${path}: ${detail}`);
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw fail(document.errors.map((e) => e.message).join('; '));
  let interpolated: unknown;
  try {
    interpolated = interpolateEnv(document.toJS(), env);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const parsed = standaloneConfigSchema.safeParse(interpolated);
  if (!parsed.success) {
    throw fail(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}

/** Converts a validated file to the snapshot the gateway serves from. Names become stable UUIDs. */
export function snapshotFromStandalone(config: StandaloneConfig, pepper: string, version: number): ConfigSnapshot {
  const orgId = stableId('org', config.organization);
  return {
    version,
    providers: config.providers.map((p) => ({
      id: stableId('provider', p.name),
      name: p.name,
      type: p.type,
      baseUrl: p.base_url,
      apiKey: p.api_key,
      options: p.options,
    })),
    models: config.models.map((m) => ({
      id: stableId('model', m.name),
      name: m.name,
      ...pricesOf(m.prices),
      capabilities: m.capabilities,
    })),
    deployments: config.models.flatMap((m) =>
      m.deployments.map((d, index) => ({
        id: `${m.name}#${index}`,
        modelName: m.name,
        providerId: stableId('provider', d.provider),
        upstreamModel: d.model,
        weight: d.weight,
        priority: d.priority,
        timeoutMs: d.timeout_ms,
        rpm: d.rpm,
        tpm: d.tpm,
        prices: d.prices && pricesOf({ ...d.prices, cached_input_per_1m: d.prices.cached_input_per_1m ?? m.prices.cached_input_per_1m, long_context: d.prices.long_context ?? m.prices.long_context, cache_write_per_1m: d.prices.cache_write_per_1m ?? m.prices.cache_write_per_1m, cache_write_1h_per_1m: d.prices.cache_write_1h_per_1m ?? m.prices.cache_write_1h_per_1m }),
      })),
    ),
    keys: config.keys.map((k) => ({
      id: stableId('key', k.name),
      hash: k.key_hash ?? hashApiKey(pepper, k.key as string),
      prefix: k.key ? displayPrefixOf(k.key) : k.name,
      orgId,
      teamId: stableId('team', `${config.organization}/${k.team}`),
      userId: null,
      allowedModels: k.allowed_models,
      expiresAt: k.expires_at,
      revoked: false,
      ipAllowList: k.ip_allow_list,
      metadata: k.metadata,
    })),
    routing: config.routing,
    governance: governanceOf(config, orgId),
  };
}

/**
 * A deployment's prices fall back to the model's cached-input and cache-write prices and (as a whole) its
 * long-context tier, as in the database; no cached-input price at all means the input price.
 */
function pricesOf(prices: StandaloneConfig['models'][number]['prices']): Prices {
  const tier = prices.long_context;
  return {
    inputPricePer1M: prices.input_per_1m,
    outputPricePer1M: prices.output_per_1m,
    cachedInputPricePer1M: prices.cached_input_per_1m ?? prices.input_per_1m,
    ...(prices.cache_write_per_1m !== undefined ? { cacheWritePricePer1M: prices.cache_write_per_1m } : {}),
    ...(prices.cache_write_1h_per_1m !== undefined ? { cacheWrite1hPricePer1M: prices.cache_write_1h_per_1m } : {}),
    ...(tier
      ? {
          longContext: {
            aboveTokens: tier.above_tokens,
            inputPricePer1M: tier.input_per_1m,
            outputPricePer1M: tier.output_per_1m,
            cachedInputPricePer1M: tier.cached_input_per_1m,
            ...(tier.cache_write_per_1m !== undefined ? { cacheWritePricePer1M: tier.cache_write_per_1m } : {}),
            ...(tier.cache_write_1h_per_1m !== undefined ? { cacheWrite1hPricePer1M: tier.cache_write_1h_per_1m } : {}),
          },
        }
      : {}),
  };
}

function governanceOf(config: StandaloneConfig, orgId: string): ConfigSnapshot['governance'] {
  const teamId = (team: string) => stableId('team', `${config.organization}/${team}`);
  const limits: ConfigSnapshot['governance']['limits'] = [];
  const budgets: ConfigSnapshot['governance']['budgets'] = [];
  const cache: ConfigSnapshot['governance']['cache'] = [];
  if (config.cache) cache.push({ scope: 'org', scopeId: orgId, policy: config.cache });
  const guardrails: ConfigSnapshot['governance']['guardrails'] = [];
  if (config.guardrails) guardrails.push({ scope: 'org', scopeId: orgId, policy: config.guardrails });
  const logging: ConfigSnapshot['governance']['logging'] = [];
  if (config.logging) logging.push({ scope: 'org', scopeId: orgId, policy: config.logging });
  if (config.organization_limits) limits.push({ scope: 'org', scopeId: orgId, limits: config.organization_limits });
  if (config.organization_budget) budgets.push({ scope: 'org', scopeId: orgId, budget: config.organization_budget });
  for (const team of config.teams) {
    if (team.limits) limits.push({ scope: 'team', scopeId: teamId(team.name), limits: team.limits });
    if (team.budget) budgets.push({ scope: 'team', scopeId: teamId(team.name), budget: team.budget });
    if (team.cache) cache.push({ scope: 'team', scopeId: teamId(team.name), policy: team.cache });
    if (team.guardrails) guardrails.push({ scope: 'team', scopeId: teamId(team.name), policy: team.guardrails });
    if (team.logging) logging.push({ scope: 'team', scopeId: teamId(team.name), policy: team.logging });
  }
  for (const key of config.keys) {
    if (key.limits) limits.push({ scope: 'key', scopeId: stableId('key', key.name), limits: key.limits });
    if (key.budget) budgets.push({ scope: 'key', scopeId: stableId('key', key.name), budget: key.budget });
    if (key.cache) cache.push({ scope: 'key', scopeId: stableId('key', key.name), policy: key.cache });
    if (key.guardrails) guardrails.push({ scope: 'key', scopeId: stableId('key', key.name), policy: key.guardrails });
    if (key.logging) logging.push({ scope: 'key', scopeId: stableId('key', key.name), policy: key.logging });
  }
  return {
    limits,
    budgets,
    cache,
    guardrails,
    logging,
    failMode: { [orgId]: config.governance.failMode },
    defaultFailMode: config.governance.failMode,
    expectedInstances: config.governance.expectedInstances,
  };
}

/** The file's modification time in ms: a new version whenever the file changes. */
export async function standaloneConfigVersion(path: string): Promise<number> {
  return Math.floor((await stat(path)).mtimeMs);
}
