import { z } from 'zod';

export const ANALYTICS_METRICS = [
  'requests',
  'tokens',
  'cost',
  'errors',
  'error_rate',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'cache_hits',
  'cache_hit_rate',
] as const;
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

export const ANALYTICS_GRAINS = ['minute', 'hour', 'day'] as const;
export type AnalyticsGrain = (typeof ANALYTICS_GRAINS)[number];

export const ANALYTICS_DIMENSIONS = ['team', 'key', 'user', 'model', 'provider'] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

const isoTime = z.iso.datetime({ offset: true });

/** Range and filters every analytics route takes. `from` defaults to 24 h before `to` (default now). */
export const analyticsFiltersShape = {
  from: isoTime.optional().describe('Start (inclusive), widened to the start of its grain bucket; default 24 h before `to`'),
  to: isoTime.optional().describe('End (exclusive); default now'),
  grain: z
    .enum(ANALYTICS_GRAINS)
    .optional()
    .describe('Rollup grain. Absent: series use minute up to 6 h, hour up to 14 days, else day; totals the coarsest grain both ends fall on. The range is widened to whole buckets'),
  teamId: z.uuid().optional(),
  keyId: z.uuid().optional(),
  userId: z.uuid().optional(),
  model: z.string().min(1).max(200).optional(),
  provider: z.string().min(1).max(100).optional(),
};
export const analyticsFiltersSchema = z.strictObject(analyticsFiltersShape);
export type AnalyticsFilters = z.output<typeof analyticsFiltersSchema>;

export const timeseriesQuerySchema = z.strictObject({
  ...analyticsFiltersShape,
  metric: z.enum(ANALYTICS_METRICS),
  groupBy: z.enum(ANALYTICS_DIMENSIONS).optional().describe('One series per value of this dimension: the top `top` by the metric (by requests for rates and latencies), the rest summed as "other"'),
  top: z.coerce.number().int().min(1).max(20).default(5),
});
export type TimeseriesQuery = z.output<typeof timeseriesQuerySchema>;

export const BREAKDOWN_SORTS = ['requests', 'tokens', 'cost', 'errors', 'cache_hits', 'latency_p95'] as const;
export const breakdownQuerySchema = z.strictObject({
  ...analyticsFiltersShape,
  by: z.enum(ANALYTICS_DIMENSIONS),
  sort: z.enum(BREAKDOWN_SORTS).default('cost'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type BreakdownQuery = z.output<typeof breakdownQuerySchema>;

const rangeSchema = z.object({ from: isoTime, to: isoTime, grain: z.enum(ANALYTICS_GRAINS) });

export const usageTotalsSchema = z.object({
  requests: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  totalTokens: z.number().int(),
  costUsd: z.number(),
  cacheHits: z.number().int().describe('Exact and semantic cache hits'),
  cacheHitRate: z.number().nullable(),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }).describe('From merged log-scale histograms: within one bucket (25 %) of the exact value'),
});
export type UsageTotals = z.output<typeof usageTotalsSchema>;

export const summarySchema = rangeSchema.extend({ totals: usageTotalsSchema });

export const breakdownSchema = rangeSchema.extend({
  by: z.enum(ANALYTICS_DIMENSIONS),
  items: z.array(usageTotalsSchema.extend({ key: z.string().nullable().describe('Id or name of the group; null = none (e.g. a request without a team)'), label: z.string().nullable() })),
});

export const timeseriesSchema = rangeSchema.extend({
  metric: z.enum(ANALYTICS_METRICS),
  groupBy: z.enum(ANALYTICS_DIMENSIONS).nullable(),
  series: z.array(
    z.object({
      kind: z.enum(['total', 'group', 'other']).describe('`total` without groupBy; `other` sums every group beyond the top N'),
      key: z.string().nullable().describe('The group value (id or name); null for a group without a value, and for `total`/`other`'),
      label: z.string().nullable(),
      points: z.array(z.object({ t: isoTime, value: z.number().nullable() })),
    }),
  ),
});
