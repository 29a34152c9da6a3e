import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { PlaygroundPage } from './playground-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, redirected: false, url: '', json: async () => body }) as Response;
const me = (memberships: Me['memberships']): Me => ({ user: { id: 'u-1', email: 'a@example.com', displayName: 'A' }, memberships, activeOrgId: 'o-1', csrfToken: 'csrf' });
const team = (id: string, name: string) => ({ id, orgId: 'o-1', name, description: '', allowedModels: [], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' });
const orgTeams = { items: [team('t-1', 'Platform'), team('t-2', 'Search')], nextCursor: null };
const teamNames: Record<string, string> = { 't-1': 'Platform', 't-2': 'Search' };

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn(async (input, init) => {
    const path = String(input);
    if (path.startsWith('/api/v1/teams')) return json(orgTeams);
    if (path.startsWith('/api/v1/models')) return json({ items: [], nextCursor: null });
    if (path === '/playground/session') {
      const teamId = (JSON.parse(String(init?.body)) as { teamId?: string }).teamId ?? 't-2';
      return json({ teamId, teamName: teamNames[teamId], expiresAt: '2026-11-27T23:00:00Z', models: ['gpt-4o-mini'] });
    }
    throw new Error(`unexpected fetch ${path}`);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderPage = (who: Me) =>
  render(
    <SessionProvider me={who} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <PlaygroundPage />
    </SessionProvider>,
  );

const teamOptions = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.text);

describe('PlaygroundPage', () => {
  it('offers an owner who is in one team every team of the org, and starts the session in the one chosen', async () => {
    renderPage(
      me([
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'owner' },
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-2', teamName: 'Search', role: 'developer' },
      ]),
    );
    const select = await screen.findByLabelText(/^Team/);
    await waitFor(() => expect(teamOptions(select)).toEqual(['Platform', 'Search']));
    expect(await screen.findByText(/as team Search/)).toBeVisible();

    fireEvent.change(select, { target: { value: 't-1' } });
    expect(await screen.findByText(/as team Platform/)).toBeVisible();
    const sessions = fetchMock.mock.calls.filter(([path]) => String(path) === '/playground/session');
    expect(JSON.parse(String(sessions.at(-1)?.[1]?.body))).toEqual({ teamId: 't-1' });
  });

  it('offers a developer only their own teams, without asking for the org’s', async () => {
    renderPage(
      me([
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'developer' },
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-2', teamName: 'Search', role: 'developer' },
      ]),
    );
    expect(await screen.findByText(/as team Search/)).toBeVisible();
    expect(screen.queryByLabelText(/^Team/)).toBeNull();
    expect(fetchMock.mock.calls.some(([path]) => String(path).startsWith('/api/v1/teams'))).toBe(false);
  });

  it('starts a developer who is only a viewer of another team in the team they may use, and does not offer the other', async () => {
    renderPage(
      me([
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-1', teamName: 'Platform', role: 'viewer' },
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-2', teamName: 'Search', role: 'developer' },
      ]),
    );
    expect(await screen.findByText(/as team Search/)).toBeVisible();
    expect(screen.queryByLabelText(/^Team/)).toBeNull();
    const sessions = fetchMock.mock.calls.filter(([path]) => String(path) === '/playground/session');
    expect(sessions.map(([, init]) => JSON.parse(String(init?.body)))).toEqual([{ teamId: 't-2' }]);
  });
});
