import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { UsersPage } from './users-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const user = (id: string, email: string, orgRole: string | null, extra: Record<string, unknown> = {}) => ({ id, email, displayName: email.split('@')[0], status: 'active', orgRole, teams: [], lastLoginAt: null, createdAt: '2026-11-01T00:00:00Z', signIn: { sso: [], scim: false, localLogin: false }, ...extra });
const users = [
  user('u-owner', 'olga@acme.test', 'owner', { signIn: { sso: [], scim: false, localLogin: true } }),
  user('u-dev', 'dev@acme.test', null, {
    teams: [{ teamId: 't-search', role: 'developer' }, { teamId: 't-ads', role: 'team_admin' }],
    lastLoginAt: '2026-11-01T00:00:00Z',
    signIn: { sso: [{ connectionId: 'c-1', connectionName: 'Okta', protocol: 'oidc', lastLoginAt: '2026-11-01T00:00:00Z' }], scim: true, localLogin: false },
  }),
  user('u-gone', 'gone@acme.test', 'viewer', { status: 'deactivated' }),
];
const signedIn = (role: string, teamId: string | null = null): Me => ({
  user: { id: 'u-me', email: 'me@acme.test', displayName: 'Me' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId, teamName: teamId ? 'Search' : null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

beforeEach(() => {
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL) => {
    const path = String(input);
    if (path.startsWith('/api/v1/users')) return json({ items: users, nextCursor: null });
    if (path.startsWith('/api/v1/teams')) return json({ items: [{ id: 't-search', orgId: 'o-1', name: 'Search', description: '', allowedModels: [], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' }], nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  }) as unknown as typeof fetch;
});

const renderPage = (role: string, teamId: string | null = null) =>
  render(
    <SessionProvider me={signedIn(role, teamId)} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
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

  it.each([
    ['an auditor', 'auditor', null],
    ['a team admin', 'team_admin', 't-search'],
  ])('shows %s every user with roles, teams, status, how and when they last signed in, and nothing to change', async (_who, role, teamId) => {
    renderPage(role, teamId);
    // Teams the caller cannot see (a team admin reads only their own teams) are not named.
    const developer = (await screen.findByText('Search (Developer), another team (Team admin)')).closest('tr') as HTMLElement;
    expect(developer).toHaveTextContent('dev@acme.test');
    expect(within(developer).queryByText('Never')).toBeNull();
    expect(await rowOf('gone@acme.test')).toHaveTextContent('Deactivated');
    expect(await rowOf('olga@acme.test')).toHaveTextContent('Owner');
    // How each signs in: SSO connection and SCIM, a local password, or not yet.
    expect(developer).toHaveTextContent('SSO: Okta (OIDC)');
    expect(developer).toHaveTextContent('Provisioned by SCIM');
    expect(await rowOf('olga@acme.test')).toHaveTextContent('Local password (break-glass)');
    expect(await rowOf('gone@acme.test')).toHaveTextContent('Not signed in with SSO yet');
    expect(screen.queryByRole('button', { name: /^(Add user|Edit|Deactivate)/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
    // Searching is reading: it stays.
    expect(screen.getByRole('search', { name: 'Find users' })).toBeVisible();
  });
});
