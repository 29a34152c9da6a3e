import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import { WebhookDeliveriesDialog } from './webhook-deliveries-dialog';
import type { Webhook } from './webhook-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const webhook: Webhook = { id: 'w-1', name: 'On-call', url: 'https://hooks.example.com/a', urlRedacted: false, kind: 'slack', hasSecret: false, eventKinds: [], enabled: true, createdAt: '2026-11-26T05:00:00.000Z', updatedAt: '2026-11-26T05:00:00.000Z' };
const delivery = { id: 'd-1', webhookId: 'w-1', alertId: 'a-1', alertKind: 'budget_threshold', dedupeKey: 'k', status: 'failed', attempts: 5, responseStatus: 500, error: 'receiver answered 500', createdAt: '2026-11-26T05:01:00.000Z', completedAt: '2026-11-26T05:03:00.000Z' };

describe('WebhookDeliveriesDialog', () => {
  it('lists what was sent and what the receiver answered', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [delivery, { ...delivery, id: 'd-2', status: 'delivered', attempts: 1, responseStatus: 200, error: null, alertKind: 'latency_spike' }], nextCursor: null }));
    render(<WebhookDeliveriesDialog webhook={webhook} onClose={jest.fn()} />);
    const table = await screen.findByRole('table', { name: 'Deliveries to On-call' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Budget threshold reached');
    expect(rows[0]).toHaveTextContent('Failed');
    expect(rows[0]).toHaveTextContent('HTTP 500');
    expect(rows[0]).toHaveTextContent('receiver answered 500');
    expect(rows[1]).toHaveTextContent('Latency spike');
    expect(rows[1]).toHaveTextContent('Delivered');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/webhooks/w-1/deliveries?limit=50');
  });

  it('says so when nothing was delivered, and explains a failure to load', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [], nextCursor: null }));
    const { unmount } = render(<WebhookDeliveriesDialog webhook={webhook} onClose={jest.fn()} />);
    expect(await screen.findByText('Nothing delivered yet')).toBeVisible();
    unmount();
    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:not-found', title: 'Not Found', status: 404, detail: 'No such webhook.' }, 404));
    render(<WebhookDeliveriesDialog webhook={webhook} onClose={jest.fn()} />);
    expect(await screen.findByText('No such webhook.')).toBeVisible();
  });
});
