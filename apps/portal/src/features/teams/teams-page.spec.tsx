import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { TeamsPage } from './teams-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const growth = { id: 't-1', orgId: 'o-1', name: 'Growth', description: 'Marketing experiments', allowedModels: ['gpt-4o-mini'], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' };
const signedIn = (role: string): Me => ({
  user: { id: 'u-me', email: 'me@acme.test', displayName: 'Me' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

beforeEach(() => {
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL) => {
    if (String(input).startsWith('/api/v1/teams')) return json({ items: [growth], nextCursor: null });
    throw new Error(`unexpected fetch ${String(input)}`);
  }) as unknown as typeof fetch;
});

const renderPage = (role: string) =>
  render(
    <SessionProvider me={signedIn(role)} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <TeamsPage />
    </SessionProvider>,
  );

describe('TeamsPage', () => {
  it('lists the org’s teams for an auditor, each linking to its read-only page, with no way to create one', async () => {
    renderPage('auditor');
    expect(await screen.findByRole('link', { name: 'Growth' })).toHaveAttribute('href', '/teams/t-1');
    expect(screen.getByText('1 model')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Create team' })).toBeNull();
  });

  it('offers an admin to create a team', async () => {
    renderPage('admin');
    expect(await screen.findByRole('link', { name: 'Growth' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Create team' })).toBeVisible();
  });
});
