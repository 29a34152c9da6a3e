import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CreateScimTokenForm } from './create-scim-token-form';
import { OneTimeSecretDialog } from './one-time-secret-dialog';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const token = { id: '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11', name: 'Okta', displayPrefix: 'scim_ab12', revokeKeysOnDeactivate: false, createdAt: '2026-11-26T05:00:00.000Z', lastUsedAt: null, revokedAt: null };

describe('CreateScimTokenForm', () => {
  it('creates a token with the chosen deactivation behaviour and hands back the one-time secret', async () => {
    const onCreated = jest.fn();
    fetchMock.mockResolvedValueOnce(json({ token, secret: 'scim_ab12_secret' }, 201));
    render(<CreateScimTokenForm onCreated={onCreated} />);
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: ' Okta ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /also revoke their API keys/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith({ token, secret: 'scim_ab12_secret' }));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/scim/tokens');
    expect(JSON.parse(String(init?.body))).toEqual({ name: 'Okta', revokeKeysOnDeactivate: false });
    expect(screen.getByLabelText(/^Name/)).toHaveValue('');
  });

  it('asks for a name first, and shows why the admin API refused', async () => {
    render(<CreateScimTokenForm onCreated={jest.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Name the token after the identity provider');
    expect(fetchMock).not.toHaveBeenCalled();

    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:forbidden', title: 'Forbidden', status: 403 }, 403));
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Okta' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your role does not allow this.');
  });
});

describe('OneTimeSecretDialog', () => {
  it('shows the secret once with a copy button, and nothing without a secret', () => {
    const onClose = jest.fn();
    const { rerender } = render(
      <OneTimeSecretDialog secret="s3cr3t" title="SCIM token “Okta” created" secretLabel="SCIM token" onClose={onClose}>
        <p>Base URL here</p>
      </OneTimeSecretDialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'SCIM token “Okta” created' });
    expect(dialog).toHaveAccessibleDescription(/cannot show it again/);
    expect(screen.getByTestId('one-time-secret')).toHaveTextContent('s3cr3t');
    expect(screen.getByRole('button', { name: 'Copy scim token' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent('Base URL here');
    fireEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(onClose).toHaveBeenCalled();
    rerender(<OneTimeSecretDialog secret={null} title="x" secretLabel="SCIM token" onClose={onClose} />);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
