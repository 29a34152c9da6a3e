import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { WebhookFormDialog } from './webhook-form-dialog';
import { generateSigningSecret, type Webhook } from './webhook-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const webhook: Webhook = {
  id: '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11',
  name: 'On-call',
  url: 'https://hooks.example.com/a',
  urlRedacted: false,
  kind: 'generic',
  hasSecret: true,
  eventKinds: ['latency_spike'],
  enabled: true,
  createdAt: '2026-11-26T05:00:00.000Z',
  updatedAt: '2026-11-26T05:00:00.000Z',
};

describe('WebhookFormDialog', () => {
  it('creates a signed webhook for the ticked alert kinds and hands the generated secret back once', async () => {
    const onSaved = jest.fn();
    fetchMock.mockImplementationOnce(async (_url, init) => json({ ...webhook, ...JSON.parse(String(init?.body)), hasSecret: true }, 201));
    render(<WebhookFormDialog editing={{ mode: 'create' }} onClose={jest.fn()} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Budget alerts' } });
    fireEvent.change(screen.getByLabelText(/^URL/), { target: { value: 'https://hooks.example.com/b' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Budget threshold reached' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'API key expiring' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const body = JSON.parse(String(fetchMock.mock.calls[0][1]?.body));
    expect(body).toMatchObject({ name: 'Budget alerts', url: 'https://hooks.example.com/b', kind: 'generic', eventKinds: ['budget_threshold', 'key_expiring'], enabled: true });
    expect(body.secret).toMatch(/^[0-9a-f]{64}$/);
    const [saved, secret, created] = onSaved.mock.calls[0];
    expect(saved.name).toBe('Budget alerts');
    expect(secret).toBe(body.secret);
    expect(created).toBe(true);
  });

  it('edits without touching the stored secret unless asked, and shows the refusal precisely', async () => {
    const onSaved = jest.fn();
    render(<WebhookFormDialog editing={{ mode: 'edit', webhook }} onClose={jest.fn()} onSaved={onSaved} />);
    expect(screen.getByRole('checkbox', { name: 'Latency spike' })).toBeChecked();
    expect(screen.getByLabelText('Signing secret')).toHaveValue('keep');

    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:validation-failed', title: 'Bad Request', status: 400, detail: 'The URL is not allowed.', errors: [{ path: 'url', message: 'resolves to a private address' }] }, 400));
    fireEvent.change(screen.getByLabelText(/^URL/), { target: { value: 'http://10.0.0.5/hook' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('url: resolves to a private address');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(`/api/v1/webhooks/${webhook.id}`);
    expect(init?.method).toBe('PATCH');
    expect(JSON.parse(String(init?.body))).not.toHaveProperty('secret');
    expect(onSaved).not.toHaveBeenCalled();

    fetchMock.mockResolvedValueOnce(json({ ...webhook, hasSecret: false }));
    fireEvent.change(screen.getByLabelText('Signing secret'), { target: { value: 'remove' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ hasSecret: false }), null, false));
    expect(JSON.parse(String(fetchMock.mock.calls[1][1]?.body)).secret).toBeNull();
  });
});

describe('generateSigningSecret', () => {
  it('is 32 random bytes as hex', () => {
    expect(generateSigningSecret((b) => b.fill(171))).toBe('ab'.repeat(32));
  });
});
