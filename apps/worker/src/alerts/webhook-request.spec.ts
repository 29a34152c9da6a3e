import { createHmac } from 'node:crypto';
import type { AlertEvent } from '@sluice/contracts';
import { webhookRequest } from './webhook-request';

const alert: AlertEvent = {
  id: '7b0c4a5e-2f5b-4c0e-9a59-0d7b2b8f6f10',
  kind: 'budget_threshold',
  orgId: '0f6e6b8e-7c1d-4b5e-8d8f-2a0b9c1d2e3f',
  scope: { type: 'team', id: 'team-1' },
  dedupeKey: 'budget_threshold:team:team-1:monthly:2026-11-01:0.8',
  severity: 'warning',
  summary: 'Team team-1 has spent 80% of its monthly budget',
  details: { spentUsd: 80, limitUsd: 100 },
  occurredAt: '2026-11-26T02:00:00.000Z',
};

describe('webhookRequest', () => {
  it('signs generic payloads over timestamp.body with the secret', () => {
    const now = new Date('2026-11-26T02:00:05Z');
    const request = webhookRequest('generic', 's3cret', alert, now);
    expect(JSON.parse(request.body)).toEqual(alert);
    expect(request.headers['x-sluice-timestamp']).toBe(String(now.getTime() / 1000));
    const expected = createHmac('sha256', 's3cret').update(`${request.headers['x-sluice-timestamp']}.${request.body}`).digest('hex');
    expect(request.headers['x-sluice-signature']).toBe(`sha256=${expected}`);
  });

  it('sends generic payloads unsigned when the webhook has no secret', () => {
    expect(webhookRequest('generic', null, alert).headers['x-sluice-signature']).toBeUndefined();
  });

  it('formats Slack messages as {text, blocks} with the figures and no signature', () => {
    const request = webhookRequest('slack', 's3cret', alert);
    const body = JSON.parse(request.body) as { text: string; blocks: Array<{ fields?: Array<{ text: string }> }> };
    expect(body.text).toContain(alert.summary);
    expect(body.blocks.flatMap((b) => b.fields ?? []).map((f) => f.text)).toEqual(['*spentUsd*\n80', '*limitUsd*\n100']);
    expect(request.headers['x-sluice-signature']).toBeUndefined();
  });
});
