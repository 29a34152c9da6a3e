import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { EditUserDialog } from './edit-user-dialog';
import type { OrgUser } from './user-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const user: OrgUser = {
  id: '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11',
  email: 'ada@acme.test',
  displayName: 'Ada',
  status: 'active',
  orgRole: 'developer',
  teams: [],
  lastLoginAt: null,
  signIn: { sso: [], scim: false, localLogin: false },
  createdAt: '2026-11-26T05:00:00.000Z',
};

describe('EditUserDialog', () => {
  it('sends only what changed', async () => {
    const onSaved = jest.fn();
    fetchMock.mockResolvedValueOnce(json({ ...user, status: 'deactivated' }));
    render(<EditUserDialog user={user} canGrantOwner={false} onClose={jest.fn()} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'deactivated' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ status: 'deactivated' })));
    expect(fetchMock.mock.calls[0][0]).toBe(`/api/v1/users/${user.id}`);
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({ status: 'deactivated' });
  });

  it('removes the org-wide role with null, offers owner only to owners, and shows a refusal', async () => {
    render(<EditUserDialog user={user} canGrantOwner={false} onClose={jest.fn()} onSaved={jest.fn()} />);
    expect(screen.queryByRole('option', { name: 'Owner' })).not.toBeInTheDocument();
    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:last-owner', title: 'Conflict', status: 409, detail: 'The last active owner cannot be demoted.' }, 409));
    fireEvent.change(screen.getByLabelText('Org-wide role'), { target: { value: 'none' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The last active owner cannot be demoted.');
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({ role: null });
  });

  it('closes without a call when nothing changed', () => {
    const onClose = jest.fn();
    render(<EditUserDialog user={user} canGrantOwner onClose={onClose} onSaved={jest.fn()} />);
    expect(screen.getByRole('option', { name: 'Owner' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onClose).toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
