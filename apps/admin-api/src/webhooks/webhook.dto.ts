import { z } from 'zod';
import { ALERT_KINDS } from '@sluice/contracts';
import { redactWebhookUrl } from './webhook-url';

const url = z.url({ protocol: /^https?$/ }).max(2000);
const secret = z.string().min(16).max(256).describe('Signs generic payloads: `x-sluice-signature: sha256=HMAC(secret, "<x-sluice-timestamp>.<body>")`. Write-only.');
const eventKinds = z.array(z.enum(ALERT_KINDS)).max(ALERT_KINDS.length).describe('Alert kinds delivered to this webhook; empty: all.');

/** Only what the caller may choose: org and sealed secret come from the server (strict: extra fields are 400). */
export const createWebhookSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  url,
  kind: z.enum(['generic', 'slack']).default('generic').describe('`generic`: the alert event as signed JSON; `slack`: a Slack incoming-webhook message `{text, blocks}`.'),
  secret: secret.optional(),
  eventKinds: eventKinds.default([]),
  enabled: z.boolean().default(true),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    url: url.optional(),
    kind: z.enum(['generic', 'slack']).optional(),
    secret: secret.nullable().optional().describe('Replaces the secret; null removes it.'),
    eventKinds: eventKinds.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.');
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const emptyBodySchema = z.strictObject({});

export const listWebhooksQuerySchema = z.strictObject({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  enabled: z.enum(['true', 'false']).optional(),
  kind: z.enum(['generic', 'slack']).optional(),
});
export type ListWebhooksQuery = z.output<typeof listWebhooksQuerySchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuerySchema>;

export const webhookViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  url: z.string().describe('The full URL for callers with `webhooks:manage`; for read-only callers only its scheme and host, with `/…` for a path or query (they often are the receiver’s token).'),
  urlRedacted: z.boolean().describe('True when `url` was cut to its scheme and host for this caller.'),
  kind: z.enum(['generic', 'slack']),
  hasSecret: z.boolean().describe('The secret itself is never returned.'),
  eventKinds: z.array(z.enum(ALERT_KINDS)),
  enabled: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type WebhookView = z.output<typeof webhookViewSchema>;

export const deliveryViewSchema = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  alertId: z.uuid(),
  alertKind: z.string(),
  dedupeKey: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type DeliveryView = z.output<typeof deliveryViewSchema>;

export interface WebhookRow {
  id: string;
  org_id: string;
  name: string;
  url: string;
  kind: 'generic' | 'slack';
  secret_ciphertext: Buffer | null;
  secret_key_id: string | null;
  event_kinds: WebhookView['eventKinds'];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  alert_id: string;
  alert_kind: string;
  dedupe_key: string;
  status: DeliveryView['status'];
  attempts: number;
  response_status: number | null;
  error: string | null;
  created_at: Date;
  completed_at: Date | null;
}

/** Who gets the whole URL: callers who manage webhooks. Readers and the audit trail get it redacted. */
export type WebhookUrlAccess = 'full' | 'redacted';

/** Never includes the secret; the URL in full or redacted (see redactWebhookUrl). */
export function toWebhookView(row: WebhookRow, urlAccess: WebhookUrlAccess): WebhookView {
  const url = urlAccess === 'full' ? { url: row.url, redacted: false } : redactWebhookUrl(row.url);
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    url: url.url,
    urlRedacted: url.redacted,
    kind: row.kind,
    hasSecret: row.secret_ciphertext !== null,
    eventKinds: row.event_kinds,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toDeliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    alertId: row.alert_id,
    alertKind: row.alert_kind,
    dedupeKey: row.dedupe_key,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.response_status,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

export const testDeliveryResultSchema = z.object({
  ok: z.boolean().describe('The receiver answered 2xx.'),
  status: z.number().int().nullable().describe('HTTP status of the answer; null when no answer came.'),
  error: z.string().nullable(),
});
