import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { z } from 'zod';

/** `METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`. */
export const metricsEnvSchema = z.object({
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
});
export type MetricsEnv = z.output<typeof metricsEnvSchema>;

export function loadMetricsEnv(env: NodeJS.ProcessEnv = process.env): MetricsEnv {
  return metricsEnvSchema.parse({ METRICS_TOKEN: env.METRICS_TOKEN || undefined });
}

export interface MetricsResponse {
  status: 200 | 401;
  contentType: string;
  body: string;
}

/** The `/metrics` answer (Prometheus text format), independent of the HTTP framework. */
export async function metricsResponse(registry: Registry, authorization: string | undefined, token: string | undefined): Promise<MetricsResponse> {
  if (token && !bearerMatches(authorization, token)) {
    return { status: 401, contentType: 'text/plain; charset=utf-8', body: 'metrics need Authorization: Bearer <METRICS_TOKEN>\n' };
  }
  return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const sent = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
