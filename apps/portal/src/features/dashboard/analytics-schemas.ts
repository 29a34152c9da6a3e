import { z } from 'zod';

export const DIMENSIONS = ['team', 'key', 'user', 'model', 'provider'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const rangeShape = { from: z.string(), to: z.string(), grain: z.enum(['minute', 'hour', 'day']) };

export const usageTotalsSchema = z.object({
  requests: z.number(),
  errors: z.number(),
  errorRate: z.number().nullable(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  costUsd: z.number(),
  cacheHits: z.number(),
  cacheHitRate: z.number().nullable(),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
});
export type UsageTotals = z.output<typeof usageTotalsSchema>;

/** `GET /api/v1/analytics/summary` */
export const summarySchema = z.object({ ...rangeShape, totals: usageTotalsSchema });

/** `GET /api/v1/analytics/breakdown` */
export const breakdownSchema = z.object({
  ...rangeShape,
  by: z.enum(DIMENSIONS),
  items: z.array(usageTotalsSchema.extend({ key: z.string().nullable(), label: z.string().nullable() })),
});
export type BreakdownRow = z.output<typeof breakdownSchema>['items'][number];

/** `GET /api/v1/analytics/timeseries` */
export const timeseriesSchema = z.object({
  ...rangeShape,
  metric: z.string(),
  groupBy: z.enum(DIMENSIONS).nullable(),
  series: z.array(
    z.object({
      kind: z.enum(['total', 'group', 'other']),
      key: z.string().nullable(),
      label: z.string().nullable(),
      points: z.array(z.object({ t: z.string(), value: z.number().nullable() })),
    }),
  ),
});
export type Timeseries = z.output<typeof timeseriesSchema>;
