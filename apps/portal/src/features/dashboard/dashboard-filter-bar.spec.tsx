import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { DashboardFilterBar } from './dashboard-filter-bar';
import { filtersFromParams } from './dashboard-filters';

const json = (body: unknown) => ({ ok: true, status: 200, json: async () => body }) as Response;
const me = (role: string, teamId: string | null = null, teamName: string | null = null): Me => ({
  user: { id: 'u-1', email: 'a@example.com', displayName: 'A' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId, teamName, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});
const team = (id: string, name: string) => ({ id, orgId: 'o-1', name, description: '', allowedModels: [], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' });

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderBar = (who: Me) =>
  render(
    <SessionProvider me={who} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <DashboardFilterBar filters={filtersFromParams(new URLSearchParams())} onApply={jest.fn()} />
    </SessionProvider>,
  );

describe('DashboardFilterBar', () => {
  it('lets an owner in no team filter by any team of the org', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [team('t-2', 'Search'), team('t-1', 'Platform')], nextCursor: null }));
    renderBar(me('owner'));
    const select = await screen.findByLabelText('Team');
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual(['All teams', 'Platform', 'Search']);
  });

  it('lets an auditor, who reads the whole org’s usage, filter by any team of the org', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [team('t-2', 'Search'), team('t-1', 'Platform')], nextCursor: null }));
    renderBar(me('auditor'));
    const select = await screen.findByLabelText('Team');
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual(['All teams', 'Platform', 'Search']);
  });

  it('offers a developer their own teams only, without asking for the org’s', async () => {
    renderBar(me('developer', 't-9', 'Mobile'));
    const select = await screen.findByLabelText('Team');
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual(['All teams', 'Mobile']);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
