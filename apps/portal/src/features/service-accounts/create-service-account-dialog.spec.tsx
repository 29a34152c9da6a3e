import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CreateServiceAccountDialog } from './create-service-account-dialog';
import { expiryFromDateInput } from './service-account-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const TEAM = '0a8f3b52-8a4a-4f55-9a55-7b7b2b7b7b7b';
const account = { id: '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11', name: 'ci-deploy', description: '', role: 'developer', teamId: TEAM, disabledAt: null, createdAt: '2026-11-26T05:00:00.000Z' };

describe('CreateServiceAccountDialog', () => {
  it('asks for a team only for team roles, and creates the account in it', async () => {
    const onCreated = jest.fn();
    render(<CreateServiceAccountDialog open teams={[{ id: TEAM, name: 'Platform' }]} onClose={jest.fn()} onCreated={onCreated} />);
    expect(screen.queryByLabelText('Team')).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'ci-deploy' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'developer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create service account' }));
    expect(screen.getByRole('alert')).toHaveTextContent('A developer acts in one team: choose it.');
    expect(fetchMock).not.toHaveBeenCalled();

    fetchMock.mockResolvedValueOnce(json(account, 201));
    fireEvent.change(screen.getByLabelText('Team'), { target: { value: TEAM } });
    fireEvent.click(screen.getByRole('button', { name: 'Create service account' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(account));
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({ name: 'ci-deploy', description: '', role: 'developer', teamId: TEAM });
  });

  it('sends no team for org-wide roles', async () => {
    fetchMock.mockResolvedValueOnce(json({ ...account, role: 'auditor', teamId: null }, 201));
    render(<CreateServiceAccountDialog open teams={[]} onClose={jest.fn()} onCreated={jest.fn()} />);
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'exporter' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'auditor' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create service account' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toMatchObject({ role: 'auditor', teamId: null });
  });
});

describe('expiryFromDateInput', () => {
  it('is the end of that day in UTC; nothing for an empty or malformed date', () => {
    expect(expiryFromDateInput('2027-01-31')).toBe('2027-01-31T23:59:59.000Z');
    expect(expiryFromDateInput('')).toBeUndefined();
    expect(expiryFromDateInput('31/01/2027')).toBeUndefined();
  });
});
