import { z } from 'zod';
import { ALERT_KINDS, type AlertKind } from '@sluice/contracts';

export const webhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Whole for callers with webhooks:manage; scheme and host with `/…` for read-only roles (`urlRedacted`). */
  url: z.string(),
  urlRedacted: z.boolean(),
  kind: z.enum(['generic', 'slack']),
  hasSecret: z.boolean(),
  eventKinds: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Webhook = z.output<typeof webhookSchema>;

export const testDeliverySchema = z.object({ ok: z.boolean(), status: z.number().nullable(), error: z.string().nullable() });
export type TestDelivery = z.output<typeof testDeliverySchema>;

export const deadLetterSchema = z.object({
  id: z.string(),
  deadLetterQueue: z.string(),
  queue: z.string(),
  jobId: z.string().nullable(),
  jobName: z.string(),
  kind: z.enum(['malformed', 'exhausted']),
  reason: z.string(),
  attempts: z.number(),
  failedAt: z.string(),
  payloadSummary: z.object({ events: z.number().nullable(), requestIds: z.array(z.string()), model: z.string().nullable() }),
});
export type DeadLetter = z.output<typeof deadLetterSchema>;

export const retryResultSchema = z.object({ id: z.string(), requeuedAs: z.string(), queue: z.string() });

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  budget_threshold: 'Budget threshold reached',
  error_rate_spike: 'Error-rate spike',
  latency_spike: 'Latency spike',
  key_expiring: 'API key expiring',
};
export { ALERT_KINDS };

/** A signing secret made in the browser (32 random bytes, hex): the admin API stores it sealed and never returns it. */
export function generateSigningSecret(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return [...random(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `GET /api/v1/webhooks/{id}/deliveries` items. */
export const deliverySchema = z.object({
  id: z.string(),
  alertKind: z.string(),
  dedupeKey: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  responseStatus: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Delivery = z.output<typeof deliverySchema>;
