import { z } from 'zod';

/**
 * Alert events: raised by the gateway (budget thresholds, at settle time) and by the worker
 * (error-rate / latency spikes, keys about to expire), delivered by the worker to the org's
 * webhooks (queue `QueueName.Alerts`). `dedupeKey` identifies the condition and period: the
 * worker delivers each dedupeKey at most once, so raising the same alert twice is harmless.
 */
export const ALERT_KINDS = ['budget_threshold', 'error_rate_spike', 'latency_spike', 'key_expiring'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const alertScopeSchema = z.object({
  type: z.enum(['org', 'team', 'user', 'key', 'model', 'provider']),
  id: z.string().min(1).max(200),
});

export const alertEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ALERT_KINDS),
  orgId: z.uuid(),
  scope: alertScopeSchema,
  /** e.g. `budget_threshold:team:<id>:monthly:2026-11-01:0.8` */
  dedupeKey: z.string().min(1).max(500),
  severity: z.enum(['info', 'warning', 'critical']),
  /** One line a human reads in Slack. Never contains secrets or prompt text. */
  summary: z.string().min(1).max(1000),
  /** Kind-specific figures, e.g. `{ thresholdRatio: 0.8, spentUsd: 81.2, limitUsd: 100, period: 'monthly', periodStart: '…' }`. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type AlertEvent = z.output<typeof alertEventSchema>;
