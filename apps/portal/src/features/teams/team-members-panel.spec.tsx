import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { TeamMembersPanel } from './team-members-panel';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const member = (userId: string, displayName: string, role: string) => ({ userId, teamId: 't-1', email: `${userId}@acme.test`, displayName, status: 'active', role, createdAt: '2026-11-01T00:00:00Z' });
const orgUser = (id: string, displayName: string) => ({ id, email: `${id}@acme.test`, displayName, status: 'active' });

let members: ReturnType<typeof member>[];
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  members = [member('tara', 'Tara', 'team_admin'), member('dana', 'Dana', 'developer')];
  fetchMock = jest.fn(async (input, init) => {
    const path = String(input);
    if (path.startsWith('/api/v1/users')) return json({ items: [orgUser('tara', 'Tara'), orgUser('dana', 'Dana'), orgUser('vic', 'Vic')], nextCursor: null });
    if (path.startsWith('/api/v1/teams/t-1/members') && init?.method === 'POST') {
      const added = member('vic', 'Vic', 'developer');
      members = [...members, added];
      return json(added, 201);
    }
    if (path.startsWith('/api/v1/teams/t-1/members')) return json({ items: members, nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const userOptions = () => [...(screen.getByLabelText('User') as HTMLSelectElement).options].map((o) => o.text);
const rowOf = (name: string) => screen.getByText(name).closest('tr') as HTMLElement;

describe('TeamMembersPanel', () => {
  it('offers only people not yet in the team, and clears the form after adding one', async () => {
    render(<TeamMembersPanel teamId="t-1" canManage />);
    await waitFor(() => expect(userOptions()).toEqual(['Choose a user', 'Vic (vic@acme.test)']));

    fireEvent.change(screen.getByLabelText('User'), { target: { value: 'vic' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }));

    expect(await screen.findByText('vic@acme.test')).toBeVisible();
    expect((screen.getByLabelText('User') as HTMLSelectElement).value).toBe('');
    expect(userOptions()).toEqual(['Choose a user']);
  });

  it('does not offer a team admin to change or remove their own membership, but does for the others', async () => {
    render(<TeamMembersPanel teamId="t-1" canManage readOnlyUserId="tara" />);
    await screen.findByText('Dana');
    const own = rowOf('Tara');
    expect(within(own).queryByRole('combobox')).toBeNull();
    expect(within(own).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(within(own).getByText('Team admin')).toBeVisible();
    const other = rowOf('Dana');
    expect(within(other).getByRole('combobox', { name: 'Role of Dana' })).toBeVisible();
    expect(within(other).getByRole('button', { name: 'Remove Dana' })).toBeVisible();
  });
});
