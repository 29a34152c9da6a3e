import type { PoolClient } from 'pg';
import { emptyHistogram, latencyBucketOf } from '@sluice/contracts';

export const ROLLUP_GRAINS = ['minute', 'hour', 'day'] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/** The request_logs columns a rollup is computed from (as node-postgres returns them). */
export interface RollupSourceRow {
  occurred_at: Date;
  org_id: string;
  team_id: string | null;
  api_key_id: string | null;
  user_id: string | null;
  model: string;
  provider: string | null;
  status: string;
  http_status: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  /** numeric(18, 10) arrives as a string and is summed exactly. */
  cost_usd: string;
  latency_ms: number;
  cache_status: string;
}

export const ROLLUP_SOURCE_COLUMNS =
  'occurred_at, org_id, team_id, api_key_id, user_id, model, provider, status, http_status, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, cache_status';

interface RollupGroup {
  grain: RollupGrain;
  bucketStart: Date;
  orgId: string;
  teamId: string | null;
  apiKeyId: string | null;
  userId: string | null;
  model: string;
  provider: string | null;
  requests: number;
  errors: number;
  blocked: number;
  clientErrors: number;
  serverErrors: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** In units of 1e-10 USD. */
  costUnits: bigint;
  cacheHits: number;
  semanticCacheHits: number;
  latencySum: number;
  buckets: number[];
}

const COST_SCALE = 10;

function costToUnits(cost: string | number): bigint {
  const text = typeof cost === 'number' ? cost.toFixed(COST_SCALE) : cost;
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 10n ** BigInt(COST_SCALE) + BigInt((fraction + '0'.repeat(COST_SCALE)).slice(0, COST_SCALE));
}

function unitsToCost(units: bigint): string {
  const text = units.toString().padStart(COST_SCALE + 1, '0');
  return `${text.slice(0, -COST_SCALE)}.${text.slice(-COST_SCALE)}`;
}

export function truncateTo(grain: RollupGrain, at: Date): Date {
  const d = new Date(at.getTime());
  d.setUTCSeconds(0, 0);
  if (grain === 'minute') return d;
  d.setUTCMinutes(0);
  if (grain === 'hour') return d;
  d.setUTCHours(0);
  return d;
}

/** Accumulates request_logs rows into rollup groups (all three grains). */
export class RollupAccumulator {
  private readonly groups = new Map<string, RollupGroup>();

  get size(): number {
    return this.groups.size;
  }

  add(row: RollupSourceRow): void {
    for (const grain of ROLLUP_GRAINS) {
      const bucketStart = truncateTo(grain, row.occurred_at);
      const key = [grain, bucketStart.getTime(), row.org_id, row.team_id, row.api_key_id, row.user_id, row.model, row.provider].join('\u0000');
      let g = this.groups.get(key);
      if (!g) {
        g = {
          grain, bucketStart, orgId: row.org_id, teamId: row.team_id, apiKeyId: row.api_key_id, userId: row.user_id, model: row.model,
          provider: row.provider, requests: 0, errors: 0, blocked: 0, clientErrors: 0, serverErrors: 0, promptTokens: 0,
          completionTokens: 0, cachedTokens: 0, costUnits: 0n, cacheHits: 0, semanticCacheHits: 0, latencySum: 0, buckets: emptyHistogram(),
        };
        this.groups.set(key, g);
      }
      g.requests += 1;
      if (row.status === 'error') g.errors += 1;
      if (row.status === 'blocked') g.blocked += 1;
      if (row.http_status >= 400 && row.http_status < 500) g.clientErrors += 1;
      if (row.http_status >= 500) g.serverErrors += 1;
      g.promptTokens += row.prompt_tokens;
      g.completionTokens += row.completion_tokens;
      g.cachedTokens += row.cached_tokens;
      g.costUnits += costToUnits(row.cost_usd);
      if (row.cache_status === 'hit') g.cacheHits += 1;
      if (row.cache_status === 'semantic-hit') g.semanticCacheHits += 1;
      g.latencySum += row.latency_ms;
      g.buckets[latencyBucketOf(row.latency_ms)] += 1;
    }
  }

  /**
   * Adds the groups to usage_rollups (`x = x + EXCLUDED.x`), then the same groups summed without key
   * and user to usage_team_rollups (one more statement for up to 3,000 team rows). Rows are written
   * in a fixed order (all usage_rollups rows by key, then all usage_team_rollups rows by key) so
   * concurrent workers lock shared rollup rows in the same order and do not deadlock.
   */
  async upsert(client: PoolClient): Promise<void> {
    const fine = sortedByKey(this.groups);
    for (let i = 0; i < fine.length; i += UPSERT_ROWS_PER_STATEMENT) await upsertGroups(client, USAGE_ROLLUPS, fine.slice(i, i + UPSERT_ROWS_PER_STATEMENT));
    const team = sortedByKey(teamGroupsOf(fine));
    for (let i = 0; i < team.length; i += UPSERT_ROWS_PER_STATEMENT) await upsertGroups(client, USAGE_TEAM_ROLLUPS, team.slice(i, i + UPSERT_ROWS_PER_STATEMENT));
  }
}

function sortedByKey(groups: ReadonlyMap<string, RollupGroup>): RollupGroup[] {
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/** The groups summed per grain × bucket × org × team × model × provider (key and user dropped). */
function teamGroupsOf(groups: readonly RollupGroup[]): Map<string, RollupGroup> {
  const team = new Map<string, RollupGroup>();
  for (const g of groups) {
    // \u0001 for null: a null team or provider must not share a group with an empty string.
    const key = [g.grain, g.bucketStart.getTime(), g.orgId, g.teamId ?? '\u0001', g.model, g.provider ?? '\u0001'].join('\u0000');
    const t = team.get(key);
    if (!t) {
      team.set(key, { ...g, apiKeyId: null, userId: null, buckets: [...g.buckets] });
      continue;
    }
    t.requests += g.requests;
    t.errors += g.errors;
    t.blocked += g.blocked;
    t.clientErrors += g.clientErrors;
    t.serverErrors += g.serverErrors;
    t.promptTokens += g.promptTokens;
    t.completionTokens += g.completionTokens;
    t.cachedTokens += g.cachedTokens;
    t.costUnits += g.costUnits;
    t.cacheHits += g.cacheHits;
    t.semanticCacheHits += g.semanticCacheHits;
    t.latencySum += g.latencySum;
    for (let i = 0; i < t.buckets.length; i++) t.buckets[i] += g.buckets[i];
  }
  return team;
}

/** A rollup table: its dimension columns (also its conflict target) and its histogram-merge function. */
interface RollupTable {
  name: string;
  dimensions: readonly string[];
  addBuckets: string;
  valuesOf(g: RollupGroup): unknown[];
}

const MEASURES = [
  'request_count', 'error_count', 'blocked_count', 'client_error_count', 'server_error_count', 'prompt_tokens', 'completion_tokens',
  'cached_tokens', 'cost_usd', 'cache_hit_count', 'semantic_cache_hit_count', 'latency_ms_sum',
] as const;

const measuresOf = (g: RollupGroup): unknown[] => [
  g.requests, g.errors, g.blocked, g.clientErrors, g.serverErrors, g.promptTokens, g.completionTokens, g.cachedTokens, unitsToCost(g.costUnits),
  g.cacheHits, g.semanticCacheHits, g.latencySum, g.buckets,
];

const USAGE_ROLLUPS: RollupTable = {
  name: 'usage_rollups',
  dimensions: ['grain', 'bucket_start', 'org_id', 'team_id', 'api_key_id', 'user_id', 'model', 'provider'],
  addBuckets: 'usage_rollups_add_buckets',
  valuesOf: (g) => [g.grain, g.bucketStart, g.orgId, g.teamId, g.apiKeyId, g.userId, g.model, g.provider, ...measuresOf(g)],
};

const USAGE_TEAM_ROLLUPS: RollupTable = {
  name: 'usage_team_rollups',
  // The order of the table's unique index.
  dimensions: ['org_id', 'grain', 'bucket_start', 'team_id', 'model', 'provider'],
  addBuckets: 'usage_team_rollups_add_buckets',
  valuesOf: (g) => [g.orgId, g.grain, g.bucketStart, g.teamId, g.model, g.provider, ...measuresOf(g)],
};

/** At most 21 parameters per row; 3,000 rows stays under PostgreSQL's 65,535. */
const UPSERT_ROWS_PER_STATEMENT = 3000;

async function upsertGroups(client: PoolClient, table: RollupTable, groups: readonly RollupGroup[]): Promise<void> {
  const columns = [...table.dimensions, ...MEASURES, 'latency_buckets'];
  const values: unknown[] = [];
  const tuples = groups.map((g, row) => {
    values.push(...table.valuesOf(g));
    const base = row * columns.length;
    return `(${columns.map((_, col) => `$${base + col + 1}`).join(', ')})`;
  });
  const sql = `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${tuples.join(', ')}
    ON CONFLICT (${table.dimensions.join(', ')}) DO UPDATE SET
    ${MEASURES.map((c) => `${c} = ${table.name}.${c} + EXCLUDED.${c}`).join(', ')},
    latency_buckets = ${table.addBuckets}(${table.name}.latency_buckets, EXCLUDED.latency_buckets)`;
  await client.query(sql, values);
}
