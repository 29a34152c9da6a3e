import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { AnalyticsDimension, AnalyticsFilters, BreakdownQuery, TimeseriesQuery, UsageTotals } from './analytics.dto';
import { ANALYTICS_DATA_SOURCE } from './analytics-database';
import { bucketStarts, resolveRange, totalsSegments, type AnalyticsRange, type RangeSegment } from './analytics-range';
import {
  addInto, aggregateColumns, aggregateOf, differenceOfAggregateColumns, emptyAggregate, metricValue, rankingValue, sumOfAggregateColumns, totalsOf, type AggregateRow, type RollupAggregate,
} from './rollup-aggregate';
import { usageLabels } from './usage-labels';
import { scopeConditions, SqlParams, usageScopeOf, type UsageScope } from './usage-scope';

const DIMENSION_COLUMN: Record<AnalyticsDimension, string> = {
  team: 'r.team_id::text',
  key: 'r.api_key_id::text',
  user: 'r.user_id::text',
  model: 'r.model',
  provider: 'r.provider',
};

const LATENCY_METRICS = new Set(['latency_p50', 'latency_p95', 'latency_p99']);

export interface RangeView {
  from: string;
  to: string;
  grain: AnalyticsRange['grain'];
}

export interface TimeseriesSeries {
  kind: 'total' | 'group' | 'other';
  key: string | null;
  label: string | null;
  points: Array<{ t: string; value: number | null }>;
}

/**
 * Usage analytics read only from the rollups (never request_logs), restricted to what the caller
 * may see (`usageScopeOf`). Percentiles come from histograms merged in the database. Queries that need
 * neither the key nor the user dimension read usage_team_rollups (same sums, far fewer rows).
 */
@Injectable()
export class AnalyticsService {
  constructor(@Inject(ANALYTICS_DATA_SOURCE) private readonly db: DataSource) {}

  async summary(principal: Principal, filters: AnalyticsFilters): Promise<RangeView & { totals: UsageTotals }> {
    const range = resolveRange(filters, { forTotals: true });
    const params = new SqlParams();
    const scope = usageScopeOf(principal);
    const where = rollupWhere(scope, totalsSegments(range), filters, params);
    const [row] = (await this.db.query(`SELECT ${aggregateColumns(true)} FROM ${this.rollupTable(scope, filters)} r WHERE ${where}`, params.values)) as AggregateRow[];
    return { ...rangeView(range), totals: totalsOf(aggregateOf(row)) };
  }

  async breakdown(principal: Principal, query: BreakdownQuery) {
    const range = resolveRange(query, { forTotals: true });
    const scope = usageScopeOf(principal);
    const params = new SqlParams();
    const where = rollupWhere(scope, totalsSegments(range), query, params);
    const rows = (await this.db.query(
      `SELECT ${DIMENSION_COLUMN[query.by]} AS g, ${aggregateColumns(true)} FROM ${this.rollupTable(scope, query, query.by)} r WHERE ${where} GROUP BY 1`,
      params.values,
    )) as Array<AggregateRow & { g: string | null }>;
    const sortKey = (t: UsageTotals): number => {
      switch (query.sort) {
        case 'requests':
          return t.requests;
        case 'tokens':
          return t.totalTokens;
        case 'cost':
          return t.costUsd;
        case 'errors':
          return t.errors;
        case 'cache_hits':
          return t.cacheHits;
        case 'latency_p95':
          return t.latencyMs.p95 ?? -1;
      }
    };
    const direction = query.order === 'asc' ? 1 : -1;
    const items = rows
      .map((r) => ({ key: r.g, totals: totalsOf(aggregateOf(r)) }))
      .sort((a, b) => direction * (sortKey(a.totals) - sortKey(b.totals)) || String(a.key).localeCompare(String(b.key)))
      .slice(0, query.limit);
    const labels = await this.labelsOf(scope, query.by, items.map((i) => i.key));
    return { ...rangeView(range), by: query.by, items: items.map((i) => ({ key: i.key, label: i.key === null ? null : (labels.get(i.key) ?? null), ...i.totals })) };
  }

  async timeseries(principal: Principal, query: TimeseriesQuery) {
    const range = resolveRange(query);
    const scope = usageScopeOf(principal);
    const withLatency = LATENCY_METRICS.has(query.metric);
    const starts = bucketStarts(range);
    const pointsOf = (buckets: Map<number, RollupAggregate>) =>
      starts.map((start) => ({ t: start.toISOString(), value: metricValue(buckets.get(start.getTime()) ?? emptyAggregate(), query.metric) }));

    if (!query.groupBy) {
      const params = new SqlParams();
      const where = rollupWhere(scope, [{ grain: range.grain, from: range.from, to: range.to }], query, params);
      const table = this.rollupTable(scope, query);
      const rows = (await this.db.query(`SELECT r.bucket_start AS t, ${aggregateColumns(withLatency)} FROM ${table} r WHERE ${where} GROUP BY 1`, params.values)) as Array<AggregateRow & { t: Date }>;
      const buckets = new Map(rows.map((row) => [new Date(row.t).getTime(), aggregateOf(row)]));
      return { ...rangeView(range), metric: query.metric, groupBy: null, series: [{ kind: 'total' as const, key: null, label: null, points: pointsOf(buckets) }] };
    }

    // Rank the groups over the whole range from the coarsest rollups, then read per-bucket rows only
    // for the top groups, everything else summed by the database into one "other" series.
    const group = DIMENSION_COLUMN[query.groupBy];
    const table = this.rollupTable(scope, query, query.groupBy);
    const rankParams = new SqlParams();
    const rankWhere = rollupWhere(scope, totalsSegments(range), query, rankParams);
    const totals = (await this.db.query(`SELECT ${group} AS g, ${aggregateColumns(false)} FROM ${table} r WHERE ${rankWhere} GROUP BY 1`, rankParams.values)) as Array<AggregateRow & { g: string | null }>;
    const ranked = totals
      .map((row) => [row.g, aggregateOf(row)] as const)
      .sort((a, b) => rankingValue(b[1], query.metric) - rankingValue(a[1], query.metric) || String(a[0]).localeCompare(String(b[0])));
    const top = ranked.slice(0, query.top).map(([key]) => key);
    const restCount = ranked.length - top.length;

    const params = new SqlParams();
    const where = rollupWhere(scope, [{ grain: range.grain, from: range.from, to: range.to }], query, params);
    const topKeys = params.add(top.filter((k): k is string => k !== null));
    const nullOnTop = params.add(top.includes(null));
    const inTop = `((${group}) = ANY(${topKeys}::text[]) OR ((${group}) IS NULL AND ${nullOnTop}::boolean))`;
    // Grouped by key or user for an org-wide caller: "other" is the usage_team_rollups total minus the
    // top groups, so only the top groups' rows are summed from usage_rollups (exact: integers, numeric).
    const otherByDifference = table !== this.rollupTable(scope, query);
    const sql = otherByDifference
      ? `WITH top AS (
           SELECT r.bucket_start AS t, ${group} AS g, ${aggregateColumns(withLatency)} FROM ${table} r WHERE ${where} AND ${inTop} GROUP BY 1, 2
         ), total AS (
           SELECT r.bucket_start AS t, ${aggregateColumns(withLatency)} FROM usage_team_rollups r WHERE ${where} GROUP BY 1
         ), top_sum AS (
           SELECT a.t, ${sumOfAggregateColumns(withLatency)} FROM top a GROUP BY 1
         )
         SELECT t, g, false AS other, requests, errors, prompt_tokens, completion_tokens, cost_usd, cache_hits, latency::numeric[] AS latency FROM top
         UNION ALL
         SELECT total.t, NULL, true, ${differenceOfAggregateColumns('total', 'top_sum', withLatency)} FROM total LEFT JOIN top_sum ON top_sum.t = total.t`
      : `SELECT r.bucket_start AS t, CASE WHEN ${inTop} THEN ${group} END AS g, NOT ${inTop} AS other, ${aggregateColumns(withLatency)}
           FROM ${table} r WHERE ${where} GROUP BY 1, 2, 3`;
    const rows = (await this.db.query(sql, params.values)) as Array<AggregateRow & { t: Date; g: string | null; other: boolean }>;

    // group → bucket start (ms) → aggregate
    const byGroup = new Map<string | null, Map<number, RollupAggregate>>();
    const other = new Map<number, RollupAggregate>();
    for (const row of rows) {
      const t = new Date(row.t).getTime();
      if (row.other) {
        addInto(entryOf(other, t), aggregateOf(row));
        continue;
      }
      if (!byGroup.has(row.g)) byGroup.set(row.g, new Map());
      byGroup.get(row.g)?.set(t, aggregateOf(row));
    }
    const labels = await this.labelsOf(scope, query.groupBy, top);
    const series: TimeseriesSeries[] = top.map((key) => ({ kind: 'group', key, label: key === null ? null : (labels.get(key) ?? null), points: pointsOf(byGroup.get(key) ?? new Map()) }));
    if (restCount > 0) series.push({ kind: 'other', key: null, label: `${restCount} more`, points: pointsOf(other) });
    return { ...rangeView(range), metric: query.metric, groupBy: query.groupBy, series };
  }

  /**
   * usage_team_rollups (no key or user columns) when neither the caller's scope, the filters nor the
   * grouping need those dimensions, else usage_rollups. Both hold the same sums for what they share.
   */
  protected rollupTable(scope: UsageScope, filters: AnalyticsFilters, dimension?: AnalyticsDimension): RollupTable {
    return usesKeyOrUser(scope, filters, dimension) ? 'usage_rollups' : 'usage_team_rollups';
  }

  /** Display names of team, key and user groups (names of the caller's org only). */
  private labelsOf(scope: UsageScope, dimension: AnalyticsDimension, keys: Array<string | null>): Promise<Map<string, string>> {
    if (dimension === 'model' || dimension === 'provider') return Promise.resolve(new Map());
    return usageLabels(this.db, scope.orgId, dimension, keys);
  }
}

export type RollupTable = 'usage_rollups' | 'usage_team_rollups';

/** Whether a query reads the key or user dimension: a team-scoped caller's own keys/requests, a key or user filter or grouping. */
export function usesKeyOrUser(scope: UsageScope, filters: AnalyticsFilters, dimension?: AnalyticsDimension): boolean {
  return !scope.wholeOrg || !!filters.keyId || !!filters.userId || dimension === 'key' || dimension === 'user';
}

function entryOf<K>(map: Map<K, RollupAggregate>, key: K): RollupAggregate {
  let aggregate = map.get(key);
  if (!aggregate) map.set(key, (aggregate = emptyAggregate()));
  return aggregate;
}

function rangeView(range: AnalyticsRange): RangeView {
  return { from: range.from.toISOString(), to: range.to.toISOString(), grain: range.grain };
}

/** WHERE clause over usage_rollups or usage_team_rollups `r`: scope, the grain/range segments and the optional filters. */
function rollupWhere(scope: UsageScope, segments: readonly RangeSegment[], filters: AnalyticsFilters, params: SqlParams): string {
  const conditions = scopeConditions(scope, 'r', params);
  const parts = segments.map((seg) => `(r.grain = ${params.add(seg.grain)} AND r.bucket_start >= ${params.add(seg.from)} AND r.bucket_start < ${params.add(seg.to)})`);
  conditions.push(parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`);
  if (filters.teamId) conditions.push(`r.team_id = ${params.add(filters.teamId)}`);
  if (filters.keyId) conditions.push(`r.api_key_id = ${params.add(filters.keyId)}`);
  if (filters.userId) conditions.push(`r.user_id = ${params.add(filters.userId)}`);
  if (filters.model) conditions.push(`r.model = ${params.add(filters.model)}`);
  if (filters.provider) conditions.push(`r.provider = ${params.add(filters.provider)}`);
  return conditions.join(' AND ');
}
