import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { TeamDetailPage } from './team-detail-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const team = (id: string, name: string) => ({ id, orgId: 'o-1', name, description: '', allowedModels: [] as string[], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' });
const teams: Record<string, ReturnType<typeof team>> = { 't-1': team('t-1', 'Research'), 't-2': team('t-2', 'Platform') };
// A team admin of Research who is a developer of Platform.
const teamAdmin: Me = {
  user: { id: 'u-1', email: 'tara@example.com', displayName: 'Tara' },
  memberships: [
    { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-1', teamName: 'Research', role: 'team_admin' },
    { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-2', teamName: 'Platform', role: 'developer' },
  ],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
};

// An org-wide auditor: reads every team (teams:read:any) and its effective policies (policies:read), changes nothing.
const auditor: Me = {
  user: { id: 'u-9', email: 'audrey@example.com', displayName: 'Audrey' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'auditor' }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
};
const monthlyBudget = {
  policyId: 'p-1',
  policyName: 'Growth budget',
  scopeType: 'team',
  scopeId: 't-3',
  budget: { amountUsd: 250, period: 'monthly', hard: true, alertThresholds: [0.5, 0.8, 1] },
  spend: { spentUsd: 40, reservedUsd: 0, remainingUsd: 210, periodEndsAt: '2026-12-01T00:00:00Z' },
};
teams['t-3'] = { ...team('t-3', 'Growth'), allowedModels: ['gpt-4o-mini'] };

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn(async (input) => {
    const path = String(input);
    const teamPath = /^\/api\/v1\/teams\/(t-\d)(\/members)?/.exec(path);
    if (teamPath?.[2]) return json({ items: [{ userId: 'u-1', teamId: teamPath[1], email: 'tara@example.com', displayName: 'Tara', status: 'active', role: 'team_admin', createdAt: '2026-11-01T00:00:00Z' }], nextCursor: null });
    if (teamPath) return json(teams[teamPath[1]]);
    if (path.startsWith('/api/v1/policies/effective')) return json({ rateLimits: { merged: {}, sources: [] }, budgets: path.includes('t-3') ? [monthlyBudget] : [] });
    if (path.startsWith('/api/v1/models') || path.startsWith('/api/v1/users')) return json({ items: [], nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderPage = (teamId: string, me: Me = teamAdmin) =>
  render(
    <SessionProvider me={me} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <TeamDetailPage teamId={teamId} />
    </SessionProvider>,
  );

const askedForPolicies = () => fetchMock.mock.calls.some(([path]) => String(path).startsWith('/api/v1/policies/effective'));

describe('TeamDetailPage', () => {
  it('shows a team admin the budget and limits of the team they administer', async () => {
    renderPage('t-1');
    expect(await screen.findByText(/its spend is not capped/)).toBeVisible();
    expect(askedForPolicies()).toBe(true);
  });

  it('lets a team admin manage the members but not their own membership', async () => {
    renderPage('t-1');
    expect(await screen.findByRole('form', { name: 'Add a member' })).toBeVisible();
    expect(await screen.findByText('tara@example.com')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Remove Tara' })).toBeNull();
  });

  it('does not ask for the budget of a team the team admin only belongs to (the admin API refuses it)', async () => {
    renderPage('t-2');
    expect(await screen.findByRole('heading', { name: 'Platform' })).toBeVisible();
    expect(await screen.findByRole('heading', { name: 'Members' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Budget and limits' })).toBeNull();
    expect(askedForPolicies()).toBe(false);
  });

  it('shows an auditor a team’s budget with its spend, limits, allowed models and members, with no control to change any of them', async () => {
    renderPage('t-3', auditor);
    expect(await screen.findByRole('heading', { name: 'Growth' })).toBeVisible();
    expect(await screen.findByTestId('team-budget')).toHaveTextContent('$40.00 spent');
    expect(screen.getByText('1 model: gpt-4o-mini')).toBeVisible();
    expect(await screen.findByText('tara@example.com')).toBeVisible();
    expect(screen.getByRole('cell', { name: 'Team admin' })).toBeVisible();
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove|Save allowed models|Set budget|Update budget|Add/ })).toBeNull();
    // Read-only: no catalog or user list is fetched for editors that are not shown.
    expect(fetchMock.mock.calls.map(([path]) => String(path)).filter((p) => /^\/api\/v1\/(models|users)/.test(p))).toEqual([]);
  });
});
