import type { Budget, CachePolicy, GuardrailPolicy, LimitPolicy, LoggingPolicy, PolicyKind, ProviderType, RedisFailMode, StandaloneConfig } from '@sluice/contracts';

/**
 * An organization's data-plane config in one comparable form, built from Postgres (for export and as
 * the "before" of an import) or from a standalone YAML file (the "after"). Names are config names:
 * the stored name when it is a valid standalone name, else a slug of it (see `configName`).
 */
export interface OrgConfig {
  organization: string;
  providers: ConfigProvider[];
  models: ConfigModel[];
  teams: ConfigTeam[];
  /** Policies of the organization itself; `failMode` lives in its rate-limit policy. */
  org: ScopePolicies;
  failMode: RedisFailMode;
}

export interface ConfigProvider {
  name: string;
  type: ProviderType;
  baseUrl: string;
  options: Record<string, string>;
  /** Whether the provider has (or, from a file, references) a credential; never the credential itself. */
  hasCredential: boolean;
}

export interface ConfigDeployment {
  provider: string;
  model: string;
  weight: number;
  priority: number;
  timeoutMs: number;
  rpm: number | null;
  tpm: number | null;
  prices: Prices | null;
}

export interface Prices {
  input: number;
  output: number;
  /** null: the input price (for a deployment: the model's cached-input price, else its own input price). */
  cachedInput: number | null;
  /** null: the input price (for a deployment: the model's cache-write price). */
  cacheWrite: number | null;
  /** 1-hour cache writes; null: the cache-write price (for a deployment: the model's 1-hour price). */
  cacheWrite1h: number | null;
  /** null: no tier (for a deployment: the model's tier). */
  longContext: LongContextPrices | null;
}

/** Prices for the whole request when its prompt exceeds `aboveTokens`. */
export interface LongContextPrices {
  aboveTokens: number;
  input: number;
  output: number;
  cachedInput: number;
  cacheWrite: number | null;
  cacheWrite1h: number | null;
}

export interface ConfigModel {
  name: string;
  prices: Prices;
  deployments: ConfigDeployment[];
}

export interface ScopePolicies {
  rate_limit?: LimitPolicy;
  budget?: Budget;
  cache?: CachePolicy;
  guardrail?: GuardrailPolicy;
  logging?: LoggingPolicy;
}

export interface ConfigTeam {
  name: string;
  policies: ScopePolicies;
}

export const STANDALONE_NAME = /^[A-Za-z0-9][\w.:/-]{0,127}$/;

/** A stored name as a standalone config name: unchanged when valid, else lower-cased with other characters turned into `-`. */
export function configName(stored: string): string {
  if (STANDALONE_NAME.test(stored)) return stored;
  const slug = stored
    .toLowerCase()
    .replace(/[^\w.:/-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 128);
  return slug || 'unnamed';
}

/** The placeholder an export writes for a provider credential, e.g. `${SLUICE_PROVIDER_MOCK_OPENAI_API_KEY}`. */
export function credentialPlaceholder(providerName: string): string {
  return `\${SLUICE_PROVIDER_${providerName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY}`;
}

/** An env placeholder (`${NAME}` or `${NAME:-fallback}`), the only api_key value an import accepts. */
export const ENV_PLACEHOLDER = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$/;

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function sortDeployments(deployments: ConfigDeployment[]): ConfigDeployment[] {
  return [...deployments].sort((a, b) => a.priority - b.priority || (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0) || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0) || a.weight - b.weight);
}

/** The comparable form of a parsed standalone file (defaults already applied by the schema). */
export function orgConfigFromStandalone(file: StandaloneConfig): OrgConfig {
  const orgLimits = file.organization_limits;
  return {
    organization: file.organization,
    providers: file.providers.map((p) => ({ name: p.name, type: p.type, baseUrl: p.base_url.replace(/\/+$/, ''), options: p.options, hasCredential: p.api_key !== undefined })).sort(byName),
    models: file.models
      .map((m) => ({
        name: m.name,
        prices: pricesFromFile(m.prices),
        deployments: sortDeployments(
          m.deployments.map((d) => ({
            provider: d.provider,
            model: d.model,
            weight: d.weight,
            priority: d.priority,
            timeoutMs: d.timeout_ms,
            rpm: d.rpm ?? null,
            tpm: d.tpm ?? null,
            prices: d.prices ? pricesFromFile(d.prices) : null,
          })),
        ),
      }))
      .sort(byName),
    teams: file.teams
      .map((t) => ({ name: t.name, policies: compact({ rate_limit: t.limits, budget: t.budget, cache: t.cache, guardrail: t.guardrails, logging: t.logging }) }))
      .sort(byName),
    org: compact({ rate_limit: orgLimits, budget: file.organization_budget, cache: file.cache, guardrail: file.guardrails, logging: file.logging }),
    failMode: file.governance.failMode,
  };
}

/** The standalone YAML document for a config (keys are never part of it; credentials are placeholders). */
export function standaloneDocumentOf(config: OrgConfig): Record<string, unknown> {
  const prices = (p: Prices) => ({
    input_per_1m: p.input,
    output_per_1m: p.output,
    ...(p.cachedInput !== null ? { cached_input_per_1m: p.cachedInput } : {}),
    ...(p.cacheWrite !== null ? { cache_write_per_1m: p.cacheWrite } : {}),
    ...(p.cacheWrite1h !== null ? { cache_write_1h_per_1m: p.cacheWrite1h } : {}),
    ...(p.longContext
      ? {
          long_context: {
            above_tokens: p.longContext.aboveTokens,
            input_per_1m: p.longContext.input,
            output_per_1m: p.longContext.output,
            cached_input_per_1m: p.longContext.cachedInput,
            ...(p.longContext.cacheWrite !== null ? { cache_write_per_1m: p.longContext.cacheWrite } : {}),
            ...(p.longContext.cacheWrite1h !== null ? { cache_write_1h_per_1m: p.longContext.cacheWrite1h } : {}),
          },
        }
      : {}),
  });
  const scope = (policies: ScopePolicies, names: Record<PolicyKind, string>) =>
    Object.fromEntries((Object.keys(names) as PolicyKind[]).filter((k) => policies[k] !== undefined).map((k) => [names[k], policies[k]]));
  return {
    version: 1,
    organization: config.organization,
    providers: config.providers.map((p) => ({
      name: p.name,
      type: p.type,
      base_url: p.baseUrl,
      ...(p.hasCredential ? { api_key: credentialPlaceholder(p.name) } : {}),
      ...(Object.keys(p.options).length ? { options: p.options } : {}),
    })),
    models: config.models.map((m) => ({
      name: m.name,
      prices: prices(m.prices),
      deployments: m.deployments.map((d) => ({
        provider: d.provider,
        model: d.model,
        weight: d.weight,
        priority: d.priority,
        timeout_ms: d.timeoutMs,
        ...(d.rpm !== null ? { rpm: d.rpm } : {}),
        ...(d.tpm !== null ? { tpm: d.tpm } : {}),
        ...(d.prices ? { prices: prices(d.prices) } : {}),
      })),
    })),
    ...scope(config.org, { rate_limit: 'organization_limits', budget: 'organization_budget', cache: 'cache', guardrail: 'guardrails', logging: 'logging' }),
    governance: { failMode: config.failMode },
    teams: config.teams.map((t) => ({ name: t.name, ...scope(t.policies, { rate_limit: 'limits', budget: 'budget', cache: 'cache', guardrail: 'guardrails', logging: 'logging' }) })),
  };
}

function pricesFromFile(p: StandaloneConfig['models'][number]['prices']): Prices {
  const tier = p.long_context;
  return {
    input: p.input_per_1m,
    output: p.output_per_1m,
    cachedInput: p.cached_input_per_1m ?? null,
    cacheWrite: p.cache_write_per_1m ?? null,
    cacheWrite1h: p.cache_write_1h_per_1m ?? null,
    longContext: tier
      ? {
          aboveTokens: tier.above_tokens,
          input: tier.input_per_1m,
          output: tier.output_per_1m,
          cachedInput: tier.cached_input_per_1m,
          cacheWrite: tier.cache_write_per_1m ?? null,
          cacheWrite1h: tier.cache_write_1h_per_1m ?? null,
        }
      : null,
  };
}

function compact(policies: ScopePolicies): ScopePolicies {
  return Object.fromEntries(Object.entries(policies).filter(([, v]) => v !== undefined)) as ScopePolicies;
}
