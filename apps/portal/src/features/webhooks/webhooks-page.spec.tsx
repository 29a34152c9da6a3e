import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { WebhooksPage } from './webhooks-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';
const webhook = { id: 'w-1', name: 'On-call', url: SLACK_URL, kind: 'slack', hasSecret: false, eventKinds: ['budget_threshold'], enabled: true, createdAt: '2026-11-26T05:00:00.000Z', updatedAt: '2026-11-26T05:00:00.000Z' };
const signedIn = (role: string): Me => ({
  user: { id: 'u-me', email: 'me@acme.test', displayName: 'Me' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn(async (input: RequestInfo | URL) => {
    const path = String(input);
    if (path.startsWith('/api/v1/webhooks')) return json({ items: [webhook], nextCursor: null });
    if (path.startsWith('/api/v1/dead-letters')) return json({ items: [], nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderPage = (role: string) =>
  render(
    <SessionProvider me={signedIn(role)} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <WebhooksPage />
    </SessionProvider>,
  );
const calledPaths = () => fetchMock.mock.calls.map(([input]) => String(input));

describe('WebhooksPage', () => {
  it('shows an auditor the webhooks and their delivery logs, only the host of a URL, and no way to change anything', async () => {
    renderPage('auditor');
    const row = (await screen.findByText('On-call')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('https://hooks.slack.com/…');
    expect(row).not.toHaveTextContent('XXXXXXXXXXXXXXXX');
    expect(row).toHaveTextContent('Budget threshold reached');
    expect(within(row).getByRole('button', { name: 'Deliveries to On-call' })).toBeVisible();
    expect(screen.queryByRole('button', { name: /^(Add webhook|Send a test|Edit|Delete)/ })).toBeNull();
    // The admin API keeps dead letters to admins (dead_letters:manage): the page says so instead of calling it for a 403.
    expect(screen.getByText(/Dead letters .* are shown to owners and admins only/)).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Dead letters' })).toBeNull();
    expect(calledPaths().some((p) => p.startsWith('/api/v1/dead-letters'))).toBe(false);
  });

  it('gives an admin the full URL, every control and the dead letters', async () => {
    renderPage('admin');
    const row = (await screen.findByText('On-call')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent(SLACK_URL);
    for (const name of ['Send a test alert to On-call', 'Deliveries to On-call', 'Edit On-call', 'Delete On-call']) expect(within(row).getByRole('button', { name })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Add webhook' })).toBeVisible();
    expect(await screen.findByText('No dead letters')).toBeVisible();
  });
});
