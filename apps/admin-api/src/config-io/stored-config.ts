import type { EntityManager } from 'typeorm';
import { type PolicyKind, type ProviderType, type RedisFailMode } from '@sluice/contracts';
import { configName, sortDeployments, type ConfigDeployment, type ConfigModel, type ConfigProvider, type ConfigTeam, type OrgConfig, type Prices, type ScopePolicies } from './org-config';

/** A policy slot of the org or a team: the attached policy of one kind, as stored. */
export interface StoredSlot {
  attachmentId: string;
  policyId: string;
  spec: Record<string, unknown>;
  /** Attached to other scopes too: an import must not change it in place. */
  shared: boolean;
}

/** `org` or `team:<config name>`. */
export type ScopeKey = string;

/** The org's config as stored, with the row ids an import needs to apply a diff. */
export interface StoredConfig {
  orgId: string;
  config: OrgConfig;
  /** Every provider of the org by config name, enabled or not. */
  providers: Map<string, { id: string; enabled: boolean; provider: ConfigProvider }>;
  /** Every catalog model by name. */
  models: Map<string, { id: string }>;
  teams: Map<string, { id: string }>;
  /** Attached policies by scope and kind (stored specs: an org rate limit may carry `failMode`). */
  slots: Map<ScopeKey, Map<PolicyKind, StoredSlot>>;
}

interface ProviderRow {
  id: string;
  name: string;
  type: ProviderType;
  base_url: string;
  options: Record<string, string>;
  enabled: boolean;
  has_credential: boolean;
}

/** Cache-write and long-context columns, as an export reads them. */
interface TierRow {
  cache_write: string | null;
  cache_write_1h: string | null;
  lc_above: number | null;
  lc_input: string | null;
  lc_output: string | null;
  lc_cached_input: string | null;
  lc_cache_write: string | null;
  lc_cache_write_1h: string | null;
}

interface ModelRow extends TierRow {
  id: string;
  name: string;
  input: string;
  output: string;
  cached_input: string | null;
}

interface DeploymentRow extends TierRow {
  model_name: string;
  provider_name: string;
  upstream_model: string;
  weight: number;
  priority: number;
  timeout_ms: number;
  rpm: number | null;
  tpm: number | null;
  input: string | null;
  output: string | null;
  cached_input: string | null;
  model_input: string;
  model_output: string;
  model_cached_input: string | null;
}

interface SlotRow {
  attachment_id: string;
  policy_id: string;
  kind: PolicyKind;
  scope_type: 'org' | 'team';
  scope_id: string;
  spec: Record<string, unknown>;
  uses: string;
}

/** Reads what an export writes and an import compares against: enabled providers and deployments, catalog prices, teams, org and team policies. */
export async function readStoredConfig(db: Pick<EntityManager, 'query'>, orgId: string): Promise<StoredConfig> {
  const [org] = (await db.query('SELECT slug FROM organizations WHERE id = $1', [orgId])) as Array<{ slug: string }>;
  const providerRows = (await db.query(
    `SELECT id, name, type, base_url, options, enabled, credentials_ciphertext IS NOT NULL AS has_credential FROM providers WHERE org_id = $1 ORDER BY name, id`,
    [orgId],
  )) as ProviderRow[];
  const modelRows = (await db.query(
    `SELECT id, name, input_price_per_1m AS input, output_price_per_1m AS output, cached_input_price_per_1m AS cached_input, ${tierColumns('models')}
       FROM models WHERE org_id = $1 ORDER BY name`,
    [orgId],
  )) as ModelRow[];
  const deploymentRows = (await db.query(
    `SELECT m.name AS model_name, p.name AS provider_name, d.upstream_model, d.weight, d.priority, d.timeout_ms, d.rpm, d.tpm,
            d.input_price_per_1m AS input, d.output_price_per_1m AS output, d.cached_input_price_per_1m AS cached_input, ${tierColumns('d')},
            m.input_price_per_1m AS model_input, m.output_price_per_1m AS model_output, m.cached_input_price_per_1m AS model_cached_input
       FROM deployments d JOIN models m ON m.id = d.model_id JOIN providers p ON p.id = d.provider_id
      WHERE m.org_id = $1 AND d.enabled AND p.enabled`,
    [orgId],
  )) as DeploymentRow[];
  const teamRows = (await db.query('SELECT id, name FROM teams WHERE org_id = $1 ORDER BY name', [orgId])) as Array<{ id: string; name: string }>;
  const slotRows = (await db.query(
    `SELECT a.id AS attachment_id, a.policy_id, a.kind, a.scope_type, a.scope_id, p.spec,
            (SELECT count(*) FROM policy_attachments o WHERE o.policy_id = a.policy_id) AS uses
       FROM policy_attachments a JOIN policies p ON p.id = a.policy_id
      WHERE a.org_id = $1 AND a.scope_type IN ('org', 'team')`,
    [orgId],
  )) as SlotRow[];

  const providers = new Map<string, { id: string; enabled: boolean; provider: ConfigProvider }>();
  for (const row of providerRows) {
    const name = configName(row.name);
    if (providers.has(name)) continue;
    providers.set(name, { id: row.id, enabled: row.enabled, provider: { name, type: row.type, baseUrl: row.base_url.replace(/\/+$/, ''), options: row.options, hasCredential: row.has_credential } });
  }
  const teamNames = new Map(teamRows.map((t) => [t.id, configName(t.name)]));
  const slots = new Map<ScopeKey, Map<PolicyKind, StoredSlot>>();
  for (const row of slotRows) {
    const key = row.scope_type === 'org' ? (row.scope_id === orgId ? 'org' : null) : teamNames.has(row.scope_id) ? `team:${teamNames.get(row.scope_id)}` : null;
    if (!key) continue;
    if (!slots.has(key)) slots.set(key, new Map());
    slots.get(key)?.set(row.kind, { attachmentId: row.attachment_id, policyId: row.policy_id, spec: row.spec, shared: Number(row.uses) > 1 });
  }

  const deploymentsOf = new Map<string, ConfigDeployment[]>();
  for (const d of deploymentRows) {
    const list = deploymentsOf.get(d.model_name) ?? [];
    list.push({
      provider: configName(d.provider_name),
      model: d.upstream_model,
      weight: d.weight,
      priority: d.priority,
      timeoutMs: d.timeout_ms,
      rpm: d.rpm,
      tpm: d.tpm,
      // Prices the override leaves unset are exported as the model's, which is what the gateway bills.
      // Any one overridden price makes an override (the gateway bills the deployment's prices then).
      prices:
        [d.input, d.output, d.cached_input, d.cache_write, d.cache_write_1h, d.lc_above].some((v) => v !== null)
          ? pricesOf({ ...d, input: d.input ?? d.model_input, output: d.output ?? d.model_output, cached_input: d.cached_input ?? d.model_cached_input })
          : null,
    });
    deploymentsOf.set(d.model_name, list);
  }
  const models: ConfigModel[] = modelRows
    .filter((m) => deploymentsOf.has(m.name))
    .map((m) => ({ name: m.name, prices: pricesOf(m), deployments: sortDeployments(deploymentsOf.get(m.name) ?? []) }));
  const teams: ConfigTeam[] = [...new Set(teamNames.values())].sort().map((name) => ({ name, policies: scopePolicies(slots.get(`team:${name}`)) }));
  const orgRateLimit = slots.get('org')?.get('rate_limit')?.spec;

  return {
    orgId,
    config: {
      organization: org.slug,
      providers: [...providers.values()].filter((p) => p.enabled).map((p) => p.provider),
      models,
      teams,
      org: scopePolicies(slots.get('org')),
      failMode: (orgRateLimit?.failMode as RedisFailMode | undefined) ?? 'open',
    },
    providers,
    models: new Map(modelRows.map((m) => [m.name, { id: m.id }])),
    teams: new Map(teamRows.map((t) => [configName(t.name), { id: t.id }])),
    slots,
  };
}

const num = (v: string | null) => (v === null ? 0 : Number(v));
const optional = (v: string | null) => (v === null ? null : Number(v));

function tierColumns(table: string): string {
  return `${table}.cache_write_price_per_1m AS cache_write, ${table}.cache_write_1h_price_per_1m AS cache_write_1h, ${table}.long_context_above_tokens AS lc_above,
          ${table}.long_context_input_price_per_1m AS lc_input, ${table}.long_context_output_price_per_1m AS lc_output,
          ${table}.long_context_cached_input_price_per_1m AS lc_cached_input, ${table}.long_context_cache_write_price_per_1m AS lc_cache_write,
          ${table}.long_context_cache_write_1h_price_per_1m AS lc_cache_write_1h`;
}

function pricesOf(row: TierRow & { input: string; output: string; cached_input: string | null }): Prices {
  return {
    input: Number(row.input),
    output: Number(row.output),
    cachedInput: optional(row.cached_input),
    cacheWrite: optional(row.cache_write),
    cacheWrite1h: optional(row.cache_write_1h),
    longContext:
      row.lc_above === null
        ? null
        : {
            aboveTokens: row.lc_above,
            input: num(row.lc_input),
            output: num(row.lc_output),
            cachedInput: num(row.lc_cached_input),
            cacheWrite: optional(row.lc_cache_write),
            cacheWrite1h: optional(row.lc_cache_write_1h),
          },
  };
}

/** The policies of a scope as the file shows them: an org rate limit without limits (only a fail mode) is not shown as limits. */
function scopePolicies(slots: Map<PolicyKind, StoredSlot> | undefined): ScopePolicies {
  const out: ScopePolicies = {};
  for (const [kind, slot] of slots ?? []) {
    if (kind === 'rate_limit') {
      const { failMode: _failMode, ...limits } = slot.spec as Record<string, unknown> & { perModel?: Record<string, unknown> };
      const hasLimits = Object.keys(limits).some((k) => k !== 'perModel') || Object.keys(limits.perModel ?? {}).length > 0;
      if (hasLimits) out.rate_limit = limits as unknown as ScopePolicies['rate_limit'];
    } else {
      (out as Record<string, unknown>)[kind] = slot.spec;
    }
  }
  return out;
}

/** The stored specs a config asks for, per scope and kind (the org rate limit carries a `closed` fail mode). */
export function desiredSlots(config: OrgConfig): Map<ScopeKey, Map<PolicyKind, Record<string, unknown>>> {
  const out = new Map<ScopeKey, Map<PolicyKind, Record<string, unknown>>>();
  const put = (key: ScopeKey, policies: ScopePolicies) => {
    const map = new Map<PolicyKind, Record<string, unknown>>();
    for (const [kind, spec] of Object.entries(policies) as Array<[PolicyKind, Record<string, unknown>]>) map.set(kind, spec);
    out.set(key, map);
  };
  put('org', config.org);
  if (config.failMode === 'closed') {
    const org = out.get('org') as Map<PolicyKind, Record<string, unknown>>;
    org.set('rate_limit', { ...(org.get('rate_limit') ?? { perModel: {} }), failMode: 'closed' });
  }
  for (const team of config.teams) put(`team:${team.name}`, team.policies);
  return out;
}
