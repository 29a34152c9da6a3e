import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { request, type Dispatcher } from 'undici';
import { alertEventSchema, type AlertEvent } from '@sluice/contracts';
import type { CredentialCipher } from '@sluice/db';
import { EgressDeniedError } from '@sluice/egress';
import type { Logger } from '@sluice/observability';
import { webhookRequest, type WebhookKind } from './webhook-request';

export interface AlertDeliveryOptions {
  dataSource: DataSource;
  cipher: CredentialCipher;
  /** Guarded agent: every connection passes the egress policy (no private or metadata addresses). */
  dispatcher: Dispatcher;
  logger: Logger;
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}

interface WebhookRow {
  id: string;
  url: string;
  kind: WebhookKind;
  secret_ciphertext: Buffer | null;
  secret_key_id: string | null;
}

export type DeliveryOutcome = 'delivered' | 'failed' | 'skipped';

/** A 4xx other than 408/429 will not change on retry: the receiver refuses the request. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * Delivers one alert to every enabled webhook of its organization whose event filter matches.
 * The (webhook, dedupeKey) row is claimed first: a second alert with the same dedupeKey is skipped
 * once a delivery is pending or done, so each condition reaches a webhook at most once. A BullMQ
 * retry of the same alert (same id) may resume its own unfinished claim; a failed delivery may be
 * claimed again by a later alert with the same key.
 */
export function createAlertDeliveryProcessor(options: AlertDeliveryOptions) {
  const { dataSource, logger } = options;

  const claim = async (webhook: WebhookRow, alert: AlertEvent): Promise<string | null> => {
    const rows = (await dataSource.query(
      `INSERT INTO webhook_deliveries (webhook_id, org_id, alert_id, alert_kind, dedupe_key)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (webhook_id, dedupe_key) DO UPDATE SET alert_id = EXCLUDED.alert_id, status = 'pending', error = NULL
         WHERE webhook_deliveries.status = 'failed'
            OR (webhook_deliveries.status = 'pending' AND webhook_deliveries.alert_id = EXCLUDED.alert_id)
       RETURNING id`,
      [webhook.id, alert.orgId, alert.id, alert.kind, alert.dedupeKey],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  };

  const finish = (deliveryId: string, status: 'delivered' | 'failed', responseStatus: number | null, error: string | null) =>
    dataSource.query(`UPDATE webhook_deliveries SET status = $2, response_status = $3, error = $4, completed_at = now() WHERE id = $1`, [
      deliveryId,
      status,
      responseStatus,
      error?.slice(0, 1000) ?? null,
    ]);

  const deliver = async (webhook: WebhookRow, alert: AlertEvent): Promise<DeliveryOutcome> => {
    const deliveryId = await claim(webhook, alert);
    if (!deliveryId) return 'skipped';
    let secret: string | null = null;
    try {
      secret = webhook.secret_ciphertext && webhook.secret_key_id ? options.cipher.decrypt({ ciphertext: webhook.secret_ciphertext, keyId: webhook.secret_key_id }) : null;
    } catch {
      await finish(deliveryId, 'failed', null, 'could not decrypt the webhook secret: the worker needs the admin API’s SLUICE_KEK (or it in SLUICE_KEK_PREVIOUS)');
      logger.error({ webhookId: webhook.id, alertId: alert.id }, 'webhook secret could not be decrypted; check SLUICE_KEK');
      return 'failed';
    }
    let lastStatus: number | null = null;
    let lastError: string | null = null;
    for (let attempt = 0; attempt < options.attempts; attempt++) {
      if (attempt > 0) await sleep(options.backoffMs * 2 ** (attempt - 1));
      await dataSource.query('UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE id = $1', [deliveryId]);
      // Signed per attempt, so the timestamp is fresh on a retry.
      const { body, headers } = webhookRequest(webhook.kind, secret, alert);
      try {
        const response = await request(webhook.url, { method: 'POST', body, headers, dispatcher: options.dispatcher, signal: AbortSignal.timeout(options.timeoutMs) });
        await response.body.dump();
        lastStatus = response.statusCode;
        if (response.statusCode >= 200 && response.statusCode < 300) {
          await finish(deliveryId, 'delivered', response.statusCode, null);
          return 'delivered';
        }
        lastError = `receiver answered ${response.statusCode}`;
        if (!retryable(response.statusCode)) break;
      } catch (error) {
        lastStatus = null;
        lastError = error instanceof EgressDeniedError ? `refused by the egress policy: ${error.message}` : `request failed: ${(error as Error).message}`;
        if (error instanceof EgressDeniedError) break;
      }
      logger.warn({ webhookId: webhook.id, alertId: alert.id, attempt: attempt + 1, error: lastError }, 'webhook delivery attempt failed');
    }
    await finish(deliveryId, 'failed', lastStatus, lastError);
    logger.error({ webhookId: webhook.id, alertId: alert.id, error: lastError }, 'webhook delivery failed');
    return 'failed';
  };

  return async function processAlert(job: Job<unknown>): Promise<Record<DeliveryOutcome, number>> {
    const parsed = alertEventSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid alert event: ${parsed.error.message}`);
    const alert = parsed.data;
    const webhooks = (await dataSource.query(
      `SELECT id, url, kind, secret_ciphertext, secret_key_id FROM webhooks
        WHERE org_id = $1 AND enabled AND (cardinality(event_kinds) = 0 OR $2 = ANY (event_kinds))
        ORDER BY created_at, id`,
      [alert.orgId, alert.kind],
    )) as WebhookRow[];
    const outcome: Record<DeliveryOutcome, number> = { delivered: 0, failed: 0, skipped: 0 };
    for (const webhook of webhooks) outcome[await deliver(webhook, alert)]++;
    logger.info({ alertId: alert.id, kind: alert.kind, dedupeKey: alert.dedupeKey, ...outcome }, 'alert processed');
    return outcome;
  };
}
