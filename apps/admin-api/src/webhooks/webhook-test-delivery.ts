import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { createGuardedAgent, EgressDeniedError, type EgressGuard } from '@sluice/egress';
import type { WebhookRow } from './webhook.dto';

export interface TestDeliveryResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

const TEST_TIMEOUT_MS = 10_000;

/**
 * One sample request in the same shape and with the same signature scheme the worker uses for alerts
 * (generic: JSON with `x-sluice-timestamp` and `x-sluice-signature: sha256=HMAC(secret, "<ts>.<body>")`;
 * slack: `{text}`). The connection passes the egress guard, so DNS tricks cannot reach private addresses.
 */
export async function sendTestDelivery(egress: EgressGuard, webhook: Pick<WebhookRow, 'id' | 'org_id' | 'url' | 'kind'>, secret: string | null): Promise<TestDeliveryResult> {
  const sentAt = new Date();
  const text = `Test message from Sluice for webhook ${webhook.id}`;
  const body = JSON.stringify(webhook.kind === 'slack' ? { text } : { type: 'webhook.test', webhookId: webhook.id, orgId: webhook.org_id, summary: text, occurredAt: sentAt.toISOString() });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'sluice-alerts/1' };
  if (webhook.kind === 'generic') {
    headers['x-sluice-event'] = 'webhook.test';
    if (secret) {
      const timestamp = String(Math.floor(sentAt.getTime() / 1000));
      headers['x-sluice-timestamp'] = timestamp;
      headers['x-sluice-signature'] = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    }
  }
  const dispatcher = createGuardedAgent(egress);
  try {
    const response = await request(webhook.url, { method: 'POST', body, headers, dispatcher, signal: AbortSignal.timeout(TEST_TIMEOUT_MS) });
    await response.body.dump();
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return { ok, status: response.statusCode, error: ok ? null : `receiver answered ${response.statusCode}` };
  } catch (error) {
    return { ok: false, status: null, error: error instanceof EgressDeniedError ? `refused by the egress policy: ${error.message}` : `request failed: ${(error as Error).message}` };
  } finally {
    await dispatcher.close();
  }
}
