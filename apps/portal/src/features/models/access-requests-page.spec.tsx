import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { AccessRequestsPage } from './access-requests-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const request = {
  id: 'r-1',
  teamId: 't-1',
  teamName: 'Research',
  model: 'o3',
  requestedBy: 'u-2',
  reason: 'Reasoning evals',
  status: 'pending',
  decidedAt: null,
  decisionReason: null,
  createdAt: '2026-11-27T10:00:00Z',
};
const signedIn = (role: string, teamId: string | null = null): Me => ({
  user: { id: 'u-1', email: 'a@acme.test', displayName: 'A' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId, teamName: teamId ? 'Research' : null, role }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
});

beforeEach(() => {
  globalThis.fetch = jest.fn(async () => json({ items: [request], nextCursor: null })) as unknown as typeof fetch;
});

const renderPage = (who: Me) =>
  render(
    <SessionProvider me={who} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <AccessRequestsPage />
    </SessionProvider>,
  );

describe('AccessRequestsPage', () => {
  it('presents an auditor, in no team, the organization’s requests as such, without decisions', async () => {
    renderPage(signedIn('auditor'));
    expect(await screen.findByText('Reasoning evals')).toBeVisible();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Model access requests');
    expect(screen.getByText(/Every request of the organization/)).toBeVisible();
    expect(screen.queryByRole('button', { name: /Approve|Deny/ })).toBeNull();
  });

  it('presents a developer their teams’ requests', async () => {
    renderPage(signedIn('developer', 't-1'));
    expect(await screen.findByText('Reasoning evals')).toBeVisible();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('My access requests');
    expect(screen.getByText(/Requests for models your teams asked for/)).toBeVisible();
  });
});
