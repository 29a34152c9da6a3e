import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { SignInForm } from './sign-in-form';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  localStorage.clear();
});

describe('SignInForm', () => {
  it('asks for the organization, then offers its SSO connections and the password form', async () => {
    fetchMock.mockResolvedValueOnce(json({ connections: [{ id: 'c1', type: 'oidc', name: 'Okta' }], breakGlassEnabled: true }));
    render(<SignInForm returnTo="/audit?action=x" />);
    fireEvent.change(screen.getByLabelText(/Organization/), { target: { value: 'Acme' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    const sso = await screen.findByRole('link', { name: 'Continue with Okta' });
    expect(sso).toHaveAttribute('href', '/api/v1/auth/sso/c1/start?returnTo=%2Faudit%3Faction%3Dx');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/auth/sso/discover?org=acme');
    expect(screen.getByRole('form', { name: 'Sign in with email and password' })).toBeInTheDocument();
    expect(localStorage.getItem('sluice-last-org')).toBe('acme');
  });

  it('offers no password form when the organization turned break-glass sign-in off', async () => {
    fetchMock.mockResolvedValueOnce(json({ connections: [{ id: 'c1', type: 'saml', name: 'Entra ID' }], breakGlassEnabled: false }));
    render(<SignInForm returnTo="/" initialOrg="acme" />);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('link', { name: 'Continue with Entra ID' })).toBeVisible();
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it('says when the organization does not exist, and checks the name before asking', async () => {
    render(<SignInForm returnTo="/" />);
    fireEvent.change(screen.getByLabelText(/Organization/), { target: { value: 'not valid!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('short name');
    expect(fetchMock).not.toHaveBeenCalled();

    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:not-found', title: 'Not Found', status: 404, detail: 'No organization with this slug.' }, 404));
    fireEvent.change(screen.getByLabelText(/Organization/), { target: { value: 'globex' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText(/No organization has that name/)).toBeVisible();
  });

  it('explains a wrong password without saying which part was wrong', async () => {
    fetchMock.mockResolvedValueOnce(json({ connections: [], breakGlassEnabled: true }));
    render(<SignInForm returnTo="/" initialOrg="acme" />);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    fireEvent.change(await screen.findByLabelText(/Email/), { target: { value: 'a@acme.test' } });
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'nope' } });
    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:unauthenticated', title: 'Unauthorized', status: 401, detail: 'Invalid email or password.' }, 401));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That email and password do not match an account');
    const [, init] = fetchMock.mock.calls[1];
    expect(init).toMatchObject({ method: 'POST', body: JSON.stringify({ email: 'a@acme.test', password: 'nope' }) });
  });
});

describe('SignInForm after a refused single sign-on', () => {
  it('says what went wrong, and the message goes once the person tries again', async () => {
    fetchMock.mockResolvedValueOnce(json({ connections: [{ id: 'c1', type: 'oidc', name: 'Okta' }], breakGlassEnabled: false }));
    render(<SignInForm returnTo="/" initialOrg="acme" ssoError="idp_error" />);
    expect(screen.getByRole('alert')).toHaveTextContent('Single sign-on was cancelled or refused at your identity provider');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('link', { name: 'Continue with Okta' });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
