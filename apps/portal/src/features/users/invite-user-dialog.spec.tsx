import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { InviteUserDialog } from './invite-user-dialog';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const TEAM = '0a8f3b52-8a4a-4f55-9a55-7b7b2b7b7b7b';
const user = { id: '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11', email: 'grace@acme.test', displayName: 'Grace', status: 'active', orgRole: null, teams: [{ teamId: TEAM, role: 'team_admin' }], lastLoginAt: null, createdAt: '2026-11-26T05:00:00.000Z', signIn: { sso: [], scim: false, localLogin: false } };

describe('InviteUserDialog', () => {
  it('adds a user with a team role only', async () => {
    const onInvited = jest.fn();
    fetchMock.mockResolvedValueOnce(json(user, 201));
    render(<InviteUserDialog open teams={[{ id: TEAM, name: 'Platform' }]} canGrantOwner={false} onClose={jest.fn()} onInvited={onInvited} />);
    expect(screen.queryByRole('option', { name: 'Owner' })).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: 'grace@acme.test' } });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Grace' } });
    fireEvent.change(screen.getByLabelText('Team'), { target: { value: TEAM } });
    fireEvent.change(screen.getByLabelText('Team role'), { target: { value: 'team_admin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(onInvited).toHaveBeenCalledWith(user));
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/users');
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({ email: 'grace@acme.test', displayName: 'Grace', teams: [{ teamId: TEAM, role: 'team_admin' }] });
  });

  it('needs a role or a team, and shows a conflict from the admin API', async () => {
    render(<InviteUserDialog open teams={[]} canGrantOwner onClose={jest.fn()} onInvited={jest.fn()} />);
    fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: 'ada@acme.test' } });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Ada' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Give them an org-wide role, a team, or both.');
    expect(fetchMock).not.toHaveBeenCalled();

    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:conflict', title: 'Conflict', status: 409, detail: 'ada@acme.test is already a member of this organization.' }, 409));
    fireEvent.change(screen.getByLabelText('Org-wide role'), { target: { value: 'auditor' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('already a member');
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({ email: 'ada@acme.test', displayName: 'Ada', role: 'auditor', teams: [] });
  });
});
