import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { alertEventSchema, histogramPercentile, mergeHistograms, type AlertEvent } from '@sluice/contracts';
import { alertIdOf } from './key-expiry-alerts';

export interface SpikeAlertOptions {
  /** Minutes of minute-grain usage_rollups looked at (also the dedupe window: one alert per window). */
  windowMinutes: number;
  /** Fewer requests than this in the window raise nothing (a few failures are not a spike). */
  minRequests: number;
  /** error_count / request_count at or above this raises `error_rate_spike`. */
  errorRateThreshold: number;
  /** p95 latency at or above this raises `latency_spike`. */
  latencyP95Ms: number;
}

interface WindowRow {
  org_id: string;
  model: string;
  provider: string | null;
  requests: string;
  errors: string;
  histograms: number[][];
}

/**
 * Per org × model × provider over the last `windowMinutes`: raises `error_rate_spike` and
 * `latency_spike` when the thresholds are crossed, once per window (dedupeKey
 * `<kind>:<org>:<provider>:<model>:<window start>`, job id derived from it). Returns the alerts raised.
 */
export async function raiseSpikeAlerts(dataSource: DataSource, queue: Queue, options: SpikeAlertOptions, now: Date = new Date()): Promise<AlertEvent[]> {
  const windowMs = options.windowMinutes * 60_000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = (await dataSource.query(
    `SELECT org_id, model, provider, sum(request_count)::text AS requests, sum(error_count)::text AS errors, array_agg(latency_buckets) AS histograms
       FROM usage_rollups
      WHERE grain = 'minute' AND bucket_start > $1 AND bucket_start <= $2
      GROUP BY org_id, model, provider
     HAVING sum(request_count) >= $3`,
    [new Date(now.getTime() - windowMs), now, options.minRequests],
  )) as WindowRow[];
  const alerts: AlertEvent[] = [];
  for (const row of rows) {
    const requests = Number(row.requests);
    const errorRate = Number(row.errors) / requests;
    const p95 = histogramPercentile(mergeHistograms(row.histograms), 0.95);
    const where = `${row.model} via ${row.provider ?? 'no provider'}`;
    const common = { orgId: row.org_id, scope: { type: row.provider ? 'provider' : 'model', id: row.provider ?? row.model }, occurredAt: now.toISOString() } as const;
    const keyOf = (kind: string) => `${kind}:${row.org_id}:${row.provider ?? ''}:${row.model}:${windowStart.toISOString()}`;
    const details = { model: row.model, provider: row.provider, windowMinutes: options.windowMinutes, requests };
    if (errorRate >= options.errorRateThreshold) {
      const dedupeKey = keyOf('error_rate_spike');
      alerts.push(
        alertEventSchema.parse({
          ...common,
          id: alertIdOf(dedupeKey),
          kind: 'error_rate_spike',
          dedupeKey,
          severity: errorRate >= 0.5 ? 'critical' : 'warning',
          summary: `Error rate ${(errorRate * 100).toFixed(1)}% for ${where} over the last ${options.windowMinutes} min (threshold ${(options.errorRateThreshold * 100).toFixed(1)}%)`,
          details: { ...details, errorRate: Number(errorRate.toFixed(4)), threshold: options.errorRateThreshold },
        }),
      );
    }
    if (p95 !== null && p95 >= options.latencyP95Ms) {
      const dedupeKey = keyOf('latency_spike');
      alerts.push(
        alertEventSchema.parse({
          ...common,
          id: alertIdOf(dedupeKey),
          kind: 'latency_spike',
          dedupeKey,
          severity: 'warning',
          summary: `p95 latency ${Math.round(p95)} ms for ${where} over the last ${options.windowMinutes} min (threshold ${options.latencyP95Ms} ms)`,
          details: { ...details, p95Ms: Math.round(p95), thresholdMs: options.latencyP95Ms },
        }),
      );
    }
  }
  for (const alert of alerts) await queue.add(alert.kind, alert, { jobId: alert.id, removeOnComplete: 1000, removeOnFail: 1000 });
  return alerts;
}
