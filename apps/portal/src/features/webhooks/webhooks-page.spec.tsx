import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { WebhooksPage } from './webhooks-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';
const webhook = { id: 'w-1', name: 'On-call', url: SLACK_URL, urlRedacted: false, kind: 'slack', hasSecret: false, eventKinds: ['budget_threshold'], enabled: true, createdAt: '2026-11-26T05:00:00.000Z', updatedAt: '2026-11-26T05:00:00.000Z' };
const signedIn = (role: string): Me => ({
  user: { id: 'u-me', email: 'me@acme.test', displayName: 'Me' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

// What the admin API answers each role: a read-only role gets the URL cut to its host (webhooks:manage decides).
const webhookFor = (role: string) => (role === 'owner' || role === 'admin' ? webhook : { ...webhook, url: 'https://hooks.slack.com/…', urlRedacted: true });
const deadLetter = {
  id: 'alerts-dead:dead-1',
  deadLetterQueue: 'alerts-dead',
  queue: 'alerts',
  jobId: 'a-1',
  jobName: 'budget_threshold',
  kind: 'exhausted',
  reason: 'failed 3 times; last error: db down',
  attempts: 3,
  failedAt: '2026-11-26T01:00:00.000Z',
  payloadSummary: { events: null, requestIds: [], model: null },
};

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
const mockApiFor = (role: string) => {
  fetchMock = jest.fn(async (input: RequestInfo | URL) => {
    const path = String(input);
    if (path.startsWith('/api/v1/webhooks')) return json({ items: [webhookFor(role)], nextCursor: null });
    if (path.startsWith('/api/v1/dead-letters')) return json({ items: [deadLetter], nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
};

const renderPage = (role: string) => {
  mockApiFor(role);
  return render(
    <SessionProvider me={signedIn(role)} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <WebhooksPage />
    </SessionProvider>,
  );
};

describe('WebhooksPage', () => {
  it('shows an auditor the webhooks, their delivery logs and the dead letters as the admin API gives them (a URL’s host only), and no way to change anything', async () => {
    renderPage('auditor');
    const row = (await screen.findByText('On-call')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('https://hooks.slack.com/…');
    expect(row).toHaveTextContent('Path hidden: it can carry the receiver’s token');
    expect(row).toHaveTextContent('Budget threshold reached');
    expect(within(row).getByRole('button', { name: 'Deliveries to On-call' })).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Dead letters' })).toBeVisible();
    expect(await screen.findByText('failed 3 times; last error: db down')).toBeVisible();
    expect(screen.queryByRole('button', { name: /^(Add webhook|Send a test|Edit|Delete|Retry|Discard)/ })).toBeNull();
  });


  it('gives an admin the full URL, every control and the dead letters', async () => {
    renderPage('admin');
    const row = (await screen.findByText('On-call')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent(SLACK_URL);
    for (const name of ['Send a test alert to On-call', 'Deliveries to On-call', 'Edit On-call', 'Delete On-call']) expect(within(row).getByRole('button', { name })).toBeVisible();
    expect(row).not.toHaveTextContent('Path hidden');
    expect(screen.getByRole('button', { name: 'Add webhook' })).toBeVisible();
    expect(await screen.findByRole('button', { name: 'Retry budget_threshold a-1' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Discard budget_threshold a-1' })).toBeVisible();
  });
});
