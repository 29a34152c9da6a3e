import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { ServiceAccountsPage } from './service-accounts-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const TEAM = { id: 't-1', orgId: 'o-1', name: 'Platform', description: '', allowedModels: [], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' };
const account = { id: 'sa-1', name: 'ci-deploy', description: 'GitHub Actions deploys', role: 'developer', teamId: 't-1', disabledAt: null, createdAt: '2026-11-01T00:00:00Z' };
const token = { id: 'tok-1', serviceAccountId: 'sa-1', name: 'GitHub Actions', displayPrefix: 'sk-sa-ab12', expiresAt: null, revokedAt: null, lastUsedAt: null, createdAt: '2026-11-02T00:00:00Z' };
const signedIn = (role: string): Me => ({
  user: { id: 'u-me', email: 'me@acme.test', displayName: 'Me' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if ((init?.method ?? 'GET') !== 'GET') throw new Error(`unexpected ${init?.method} ${path}`);
    if (path.startsWith('/api/v1/service-accounts/sa-1/tokens')) return json({ items: [token], nextCursor: null });
    if (path.startsWith('/api/v1/service-accounts')) return json({ items: [account], nextCursor: null });
    if (path.startsWith('/api/v1/teams')) return json({ items: [TEAM], nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderPage = (role: string) =>
  render(
    <SessionProvider me={signedIn(role)} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <ServiceAccountsPage />
    </SessionProvider>,
  );

describe('ServiceAccountsPage', () => {
  it('shows an auditor the accounts and their tokens’ metadata with nothing to create, disable, issue or revoke', async () => {
    renderPage('auditor');
    const row = (await screen.findByText('ci-deploy')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('GitHub Actions deploys');
    expect(await within(row).findByText('Developer in Platform')).toBeVisible();
    expect(row).toHaveTextContent('Active');
    expect(screen.queryByRole('button', { name: /^(Create service account|Disable|Enable)/ })).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: 'Tokens of ci-deploy' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tokens of ci-deploy' });
    const tokenRow = (await within(dialog).findByText('GitHub Actions')).closest('tr') as HTMLElement;
    expect(tokenRow).toHaveTextContent('sk-sa-ab12…');
    expect(tokenRow).toHaveTextContent('Active');
    expect(within(dialog).queryByRole('form', { name: 'Issue a token' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: /Revoke/ })).toBeNull();
    // Only reads were sent.
    expect(fetchMock.mock.calls.every(([, init]) => (init?.method ?? 'GET') === 'GET')).toBe(true);
  });

  it('offers an admin every control', async () => {
    renderPage('admin');
    const row = (await screen.findByText('ci-deploy')).closest('tr') as HTMLElement;
    expect(screen.getByRole('button', { name: 'Create service account' })).toBeVisible();
    expect(within(row).getByRole('button', { name: 'Disable ci-deploy' })).toBeVisible();
    fireEvent.click(within(row).getByRole('button', { name: 'Tokens of ci-deploy' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tokens of ci-deploy' });
    expect(await within(dialog).findByRole('button', { name: 'Revoke token GitHub Actions' })).toBeVisible();
    expect(within(dialog).getByRole('form', { name: 'Issue a token' })).toBeVisible();
  });
});
