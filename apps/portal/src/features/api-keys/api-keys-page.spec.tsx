import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { ApiKeysPage } from './api-keys-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const me = (role: string): Me => ({
  user: { id: 'u-1', email: 'tara@example.com', displayName: 'Tara' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-1', teamName: 'Research', role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});
const key = (id: string, name: string, userId: string | null, ownerName: string | null) => ({
  id,
  name,
  displayPrefix: `sk-sluice-${id}`,
  orgId: 'o-1',
  teamId: 't-1',
  teamName: 'Research',
  userId,
  ownerName,
  allowedModels: [],
  metadata: {},
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  createdAt: '2026-11-27T00:00:00Z',
});

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderPage = (who: Me) =>
  render(
    <SessionProvider me={who} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <ApiKeysPage />
    </SessionProvider>,
  );

describe('ApiKeysPage', () => {
  it('shows a team admin whose each key is: theirs as You, a colleague’s by email, a service account’s by name', async () => {
    fetchMock.mockResolvedValueOnce(
      json({ items: [key('k-1', 'mine', 'u-1', 'tara@example.com'), key('k-2', 'dana-bot', 'u-2', 'dana@example.com'), key('k-3', 'ci', null, 'ci-bot (service account)')], nextCursor: null }),
    );
    renderPage(me('team_admin'));
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('columnheader', { name: /Owner/ })).toBeVisible();
    const ownerOf = (name: string) => within(screen.getByText(name).closest('tr') as HTMLElement).getAllByRole('cell')[2].textContent;
    expect([ownerOf('mine'), ownerOf('dana-bot'), ownerOf('ci')]).toEqual(['You', 'dana@example.com', 'ci-bot (service account)']);
  });

  it('has no Owner column when every key listed is the viewer’s own', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [key('k-1', 'mine', 'u-1', 'tara@example.com')], nextCursor: null }));
    renderPage(me('developer'));
    const table = await screen.findByRole('table');
    expect(within(table).queryByRole('columnheader', { name: /Owner/ })).toBeNull();
  });
});
