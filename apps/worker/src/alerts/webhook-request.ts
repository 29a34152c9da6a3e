import { createHmac } from 'node:crypto';
import type { AlertEvent } from '@sluice/contracts';

export type WebhookKind = 'generic' | 'slack';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

const SEVERITY_EMOJI: Record<AlertEvent['severity'], string> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };

/** `sha256=<hex>` over `<timestamp>.<body>`: receivers recompute it with the shared secret and reject old timestamps. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Slack incoming-webhook body: a text fallback plus blocks with the figures. */
export function slackBody(alert: AlertEvent): { text: string; blocks: object[] } {
  const text = `${SEVERITY_EMOJI[alert.severity]} [${alert.severity}] ${alert.summary}`;
  const fields = Object.entries(alert.details)
    .slice(0, 10)
    .map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${String(value)}` }));
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(fields.length > 0 ? [{ type: 'section', fields }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${alert.kind} · ${alert.scope.type} ${alert.scope.id} · ${alert.occurredAt}` }] },
    ],
  };
}

/** The HTTP request for one webhook: the alert event as JSON (signed when the webhook has a secret), or a Slack message. */
export function webhookRequest(kind: WebhookKind, secret: string | null, alert: AlertEvent, now: Date = new Date()): WebhookRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'sluice-alerts/1' };
  if (kind === 'slack') return { body: JSON.stringify(slackBody(alert)), headers };
  const body = JSON.stringify(alert);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  headers['x-sluice-event'] = alert.kind;
  headers['x-sluice-delivery'] = alert.id;
  if (secret) {
    headers['x-sluice-timestamp'] = timestamp;
    headers['x-sluice-signature'] = webhookSignature(secret, timestamp, body);
  }
  return { body, headers };
}
