import { z } from 'zod';

/** GET /api/v1/stats/requests — what the portal home page shows. */
export const requestStatsSchema = z.object({
  totalRequests: z.number().int().nonnegative(),
  since: z.iso.datetime({ offset: true }).nullable(),
});
export type RequestStats = z.output<typeof requestStatsSchema>;

export const healthStatusSchema = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.record(z.string(), z.enum(['up', 'down'])).default({}),
});
export type HealthStatus = z.output<typeof healthStatusSchema>;
