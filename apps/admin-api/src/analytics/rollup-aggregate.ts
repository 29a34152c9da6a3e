import { emptyHistogram, histogramPercentile, HISTOGRAM_BUCKETS } from '@sluice/contracts';
import type { AnalyticsMetric, UsageTotals } from './analytics.dto';

/** Sums over a set of usage_rollups rows; `latency` is their merged histogram. */
export interface RollupAggregate {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  cacheHits: number;
  latency: number[];
}

/** A row of the aggregate SQL (`aggregateColumns`) as node-postgres returns it: bigint/numeric as strings. */
export interface AggregateRow {
  requests: string;
  errors: string;
  prompt_tokens: string;
  completion_tokens: string;
  cost_usd: string;
  cache_hits: string;
  /** bigint[] arrives as strings. */
  latency: Array<string | number> | null;
}

/** SELECT list over usage_rollups `r`; merging histograms costs more, so only when latencies are wanted. */
export function aggregateColumns(withLatency: boolean): string {
  return `
    coalesce(sum(r.request_count), 0) AS requests,
    coalesce(sum(r.error_count), 0) AS errors,
    coalesce(sum(r.prompt_tokens), 0) AS prompt_tokens,
    coalesce(sum(r.completion_tokens), 0) AS completion_tokens,
    coalesce(sum(r.cost_usd), 0) AS cost_usd,
    coalesce(sum(r.cache_hit_count + r.semantic_cache_hit_count), 0) AS cache_hits,
    ${withLatency ? MERGED_HISTOGRAM : 'NULL::bigint[]'} AS latency`;
}

/**
 * The rollups' histograms merged bucket by bucket: 62 native `sum`s over array elements, about ten
 * times faster than an aggregate calling a function per row. Arrays are 1-based in SQL.
 */
const MERGED_HISTOGRAM = `ARRAY[${Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `coalesce(sum(r.latency_buckets[${i + 1}]), 0)`).join(', ')}]`;

const SUMMED = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cost_usd', 'cache_hits'] as const;
const LATENCY_INDEXES = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => i + 1);

/** SELECT list summing rows that have the `aggregateColumns` columns (alias `a`). */
export function sumOfAggregateColumns(withLatency: boolean): string {
  const sums = SUMMED.map((c) => `sum(a.${c}) AS ${c}`);
  const latency = withLatency ? `ARRAY[${LATENCY_INDEXES.map((i) => `sum(a.latency[${i}])`).join(', ')}]::numeric[]` : 'NULL::numeric[]';
  return [...sums, `${latency} AS latency`].join(', ');
}

/**
 * SELECT list of `whole` minus `part` (both with the `aggregateColumns` columns; `part` may be a
 * missing LEFT JOIN row). Exact: counts are integers and costs numeric.
 */
export function differenceOfAggregateColumns(whole: string, part: string, withLatency: boolean): string {
  const sums = SUMMED.map((c) => `${whole}.${c} - coalesce(${part}.${c}, 0) AS ${c}`);
  const latency = withLatency
    ? `ARRAY[${LATENCY_INDEXES.map((i) => `${whole}.latency[${i}] - coalesce(${part}.latency[${i}], 0)`).join(', ')}]::numeric[]`
    : 'NULL::numeric[]';
  return [...sums, `${latency} AS latency`].join(', ');
}

export function emptyAggregate(): RollupAggregate {
  return { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, cacheHits: 0, latency: emptyHistogram() };
}

export function aggregateOf(row: AggregateRow): RollupAggregate {
  const latency = row.latency && row.latency.length === HISTOGRAM_BUCKETS ? row.latency.map(Number) : emptyHistogram();
  return {
    requests: Number(row.requests),
    errors: Number(row.errors),
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    costUsd: Number(row.cost_usd),
    cacheHits: Number(row.cache_hits),
    latency,
  };
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addInto(a: RollupAggregate, b: RollupAggregate): RollupAggregate {
  a.requests += b.requests;
  a.errors += b.errors;
  a.promptTokens += b.promptTokens;
  a.completionTokens += b.completionTokens;
  a.costUsd += b.costUsd;
  a.cacheHits += b.cacheHits;
  for (let i = 0; i < HISTOGRAM_BUCKETS; i++) a.latency[i] += b.latency[i];
  return a;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
/** Cost sums are exact in the database (numeric); rounding here only removes float noise. */
const roundCost = (usd: number) => Math.round(usd * 1e10) / 1e10;

export function metricValue(a: RollupAggregate, metric: AnalyticsMetric): number | null {
  switch (metric) {
    case 'requests':
      return a.requests;
    case 'tokens':
      return a.promptTokens + a.completionTokens;
    case 'cost':
      return roundCost(a.costUsd);
    case 'errors':
      return a.errors;
    case 'error_rate':
      return ratio(a.errors, a.requests);
    case 'latency_p50':
      return histogramPercentile(a.latency, 0.5);
    case 'latency_p95':
      return histogramPercentile(a.latency, 0.95);
    case 'latency_p99':
      return histogramPercentile(a.latency, 0.99);
    case 'cache_hits':
      return a.cacheHits;
    case 'cache_hit_rate':
      return ratio(a.cacheHits, a.requests);
  }
}

/** The value groups are ranked by for a metric: its own sum, or the request count for rates and latencies. */
export function rankingValue(a: RollupAggregate, metric: AnalyticsMetric): number {
  const additive: readonly AnalyticsMetric[] = ['requests', 'tokens', 'cost', 'errors', 'cache_hits'];
  return additive.includes(metric) ? (metricValue(a, metric) ?? 0) : a.requests;
}

export function totalsOf(a: RollupAggregate): UsageTotals {
  return {
    requests: a.requests,
    errors: a.errors,
    errorRate: ratio(a.errors, a.requests),
    promptTokens: a.promptTokens,
    completionTokens: a.completionTokens,
    totalTokens: a.promptTokens + a.completionTokens,
    costUsd: roundCost(a.costUsd),
    cacheHits: a.cacheHits,
    cacheHitRate: ratio(a.cacheHits, a.requests),
    latencyMs: { p50: histogramPercentile(a.latency, 0.5), p95: histogramPercentile(a.latency, 0.95), p99: histogramPercentile(a.latency, 0.99) },
  };
}
