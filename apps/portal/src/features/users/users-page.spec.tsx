import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { UsersPage } from './users-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const user = (id: string, email: string, orgRole: string | null) => ({ id, email, displayName: email.split('@')[0], status: 'active', orgRole, teams: [], lastLoginAt: null, createdAt: '2026-11-01T00:00:00Z' });
const users = [user('u-owner', 'olga@acme.test', 'owner'), user('u-dev', 'dev@acme.test', 'developer')];
const signedIn = (role: string): Me => ({
  user: { id: 'u-me', email: 'me@acme.test', displayName: 'Me' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

beforeEach(() => {
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL) => {
    const path = String(input);
    if (path.startsWith('/api/v1/users')) return json({ items: users, nextCursor: null });
    if (path.startsWith('/api/v1/teams')) return json({ items: [], nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  }) as unknown as typeof fetch;
});

const renderPage = (role: string) =>
  render(
    <SessionProvider me={signedIn(role)} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <UsersPage />
    </SessionProvider>,
  );

const rowOf = async (email: string) => (await screen.findByText(email)).closest('tr') as HTMLElement;

describe('UsersPage', () => {
  it('does not offer an admin to edit or deactivate an owner (only owners may), but does for other users', async () => {
    renderPage('admin');
    const owner = await rowOf('olga@acme.test');
    expect(within(owner).queryByRole('button', { name: /Edit|Deactivate/ })).toBeNull();
    expect(within(owner).getByText('Only owners change owners')).toBeVisible();
    const developer = await rowOf('dev@acme.test');
    expect(within(developer).getByRole('button', { name: 'Edit dev@acme.test' })).toBeVisible();
    expect(within(developer).getByRole('button', { name: 'Deactivate dev@acme.test' })).toBeVisible();
  });

  it('lets an owner edit and deactivate another owner', async () => {
    renderPage('owner');
    const owner = await rowOf('olga@acme.test');
    expect(within(owner).getByRole('button', { name: 'Edit olga@acme.test' })).toBeVisible();
    expect(within(owner).getByRole('button', { name: 'Deactivate olga@acme.test' })).toBeVisible();
  });
});
