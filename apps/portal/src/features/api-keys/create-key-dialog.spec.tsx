import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { CreateKeyDialog } from './create-key-dialog';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const me = (memberships: Me['memberships']): Me => ({ user: { id: 'u-1', email: 'a@example.com', displayName: 'A' }, memberships, activeOrgId: 'o-1', csrfToken: 'csrf' });
const owner = me([{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'owner' }]);
const developer = me([
  { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'developer' },
  { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-2', teamName: 'Search', role: 'developer' },
]);
const team = (id: string, name: string) => ({ id, orgId: 'o-1', name, description: '', allowedModels: [], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z' });
const createdKey = {
  key: { id: 'k-1', name: 'bot', displayPrefix: 'sk-sluice-abcdefgh', orgId: 'o-1', teamId: 't-1', teamName: 'Platform', userId: 'u-1', ownerName: 'a@example.com', allowedModels: [], metadata: {}, expiresAt: null, revokedAt: null, lastUsedAt: null, createdAt: '2026-11-27T00:00:00Z' },
  secret: 'sk-sluice-secret',
};

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const renderDialog = (who: Me, onCreated = jest.fn()) =>
  render(
    <SessionProvider me={who} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <CreateKeyDialog open onClose={jest.fn()} onCreated={onCreated} />
    </SessionProvider>,
  );

describe('CreateKeyDialog', () => {
  it('offers an owner who is in no team every team of the org, and creates the key in the chosen one', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [team('t-2', 'Search'), team('t-1', 'Platform')], nextCursor: null })).mockResolvedValueOnce(json(createdKey, 201));
    const onCreated = jest.fn();
    renderDialog(owner, onCreated);
    const select = await screen.findByLabelText(/^Team/);
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual(['Choose a team', 'Platform', 'Search']);
    expect(String(fetchMock.mock.calls[0][0])).toMatch(/^\/api\/v1\/teams\?/);

    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'bot' } });
    fireEvent.change(select, { target: { value: 't-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(createdKey));
    expect(JSON.parse(String(fetchMock.mock.calls[1][1]?.body))).toMatchObject({ name: 'bot', teamId: 't-1' });
  });

  it('offers a developer their own teams without asking for the org’s', async () => {
    renderDialog(developer);
    const select = await screen.findByLabelText(/^Team/);
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual(['Search']);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('does not offer a team where the caller is only a viewer (the admin API refuses keys there)', async () => {
    renderDialog(
      me([
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-1', teamName: 'Platform', role: 'viewer' },
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-2', teamName: 'Search', role: 'developer' },
      ]),
    );
    const select = await screen.findByLabelText(/^Team/);
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual(['Search']);
  });

  it('tells a developer who is only a viewer of their one team to ask for a team where they may create keys', async () => {
    renderDialog(
      me([
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'developer' },
        { orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: 't-1', teamName: 'Platform', role: 'viewer' },
      ]),
    );
    expect(await screen.findByText(/not a developer or team admin of one in this organization/)).toBeVisible();
    expect(screen.queryByLabelText(/^Team/)).toBeNull();
  });

  it('tells an owner of an org without teams to create one first, and a developer without a team to ask for one', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [], nextCursor: null }));
    const { unmount } = renderDialog(owner);
    expect(await screen.findByText(/this organization has no team yet\. Create one under Teams first/)).toBeVisible();
    unmount();
    renderDialog(me([{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'developer' }]));
    expect(await screen.findByText(/Ask a team admin to add you to a team/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Close' })).toBeVisible();
  });
});
