import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SsoConnectionForm } from './sso-connection-form';
import type { SsoConnection } from './sso-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const saml: SsoConnection = {
  id: '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11',
  type: 'saml',
  name: 'Entra ID',
  enabled: true,
  settings: { idpEntityId: 'https://sts.windows.net/x/', ssoUrl: 'https://login.microsoftonline.com/x/saml2', sloUrl: null, certificates: ['MIIC'], allowIdpInitiated: false, attributeMapping: { email: 'mail', name: 'name', groups: 'groups' } },
  hasClientSecret: false,
  redirectUri: null,
  acsUrl: 'http://localhost:3000/api/v1/auth/sso/saml/7f1d/acs',
  spEntityId: 'http://localhost:3000/api/v1/auth/sso/saml/7f1d/metadata',
  spMetadataUrl: 'http://localhost:3000/api/v1/auth/sso/saml/7f1d/metadata',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('SsoConnectionForm', () => {
  it('creates an OIDC connection with a write-only secret and hands back the saved connection', async () => {
    const onSaved = jest.fn();
    fetchMock.mockResolvedValueOnce(json({ ...saml, type: 'oidc', name: 'Okta', hasClientSecret: true }, 201));
    render(<SsoConnectionForm current={null} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Okta' } });
    fireEvent.change(screen.getByLabelText(/^Issuer URL/), { target: { value: 'https://acme.okta.com' } });
    fireEvent.change(screen.getByLabelText(/^Client ID/), { target: { value: 'cid' } });
    fireEvent.change(screen.getByLabelText(/^Client secret/), { target: { value: 'shh' } });
    expect(screen.getByLabelText(/^Client secret/)).toHaveAttribute('type', 'password');
    fireEvent.click(screen.getByRole('button', { name: 'Create connection' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ name: 'Okta' })));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/sso/connections');
    expect(JSON.parse(String(init?.body))).toEqual({
      type: 'oidc',
      name: 'Okta',
      enabled: true,
      issuer: 'https://acme.okta.com',
      clientId: 'cid',
      clientSecret: 'shh',
      scopes: ['openid', 'email', 'profile'],
      claimMapping: { email: 'email', name: 'name', groups: 'groups' },
    });
  });

  it('marks missing fields without calling the API', () => {
    render(<SsoConnectionForm current={null} onSaved={jest.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create connection' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields need attention.');
    expect(screen.getByLabelText(/^Issuer URL/)).toHaveAccessibleDescription(expect.stringContaining('Issuer URL is required.'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('offers SAML metadata by URL, by XML upload or paste, or by hand', () => {
    render(<SsoConnectionForm current={null} onSaved={jest.fn()} />);
    fireEvent.click(screen.getByRole('radio', { name: 'SAML 2.0' }));
    expect(screen.getByLabelText(/^Metadata URL/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'From a metadata XML file' }));
    expect(screen.getByLabelText('Upload metadata XML')).toBeInTheDocument();
    expect(screen.getByLabelText('Metadata XML')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Enter them by hand' }));
    expect(screen.getByLabelText(/^IdP entity ID/)).toBeInTheDocument();
    expect(screen.getByLabelText('Signing certificate')).toBeInTheDocument();
  });

  it('edits a SAML connection: stored values prefilled, certificate kept unless replaced, the admin API’s refusal shown', async () => {
    fetchMock.mockResolvedValueOnce(
      json({ type: 'urn:sluice:problem:validation-failed', title: 'Bad Request', status: 400, detail: 'The request body is invalid.', errors: [{ path: 'ssoUrl', message: 'must be an https URL (http only for localhost)' }] }, 400),
    );
    render(<SsoConnectionForm current={saml} onSaved={jest.fn()} />);
    expect(screen.queryByRole('radio', { name: 'SAML 2.0' })).not.toBeInTheDocument();
    expect(screen.getByLabelText(/^IdP entity ID/)).toHaveValue('https://sts.windows.net/x/');
    expect(screen.getByLabelText('Email')).toHaveValue('mail');
    fireEvent.change(screen.getByLabelText(/^SSO URL/), { target: { value: 'http://idp.example.com/sso' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save connection' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The request body is invalid.');
    expect(alert).toHaveTextContent('ssoUrl: must be an https URL');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(`/api/v1/sso/connections/${saml.id}`);
    expect(init?.method).toBe('PATCH');
    const body = JSON.parse(String(init?.body));
    expect(body).not.toHaveProperty('certificates');
    expect(body).not.toHaveProperty('type');
    expect(body).toMatchObject({ idpEntityId: 'https://sts.windows.net/x/', ssoUrl: 'http://idp.example.com/sso', attributeMapping: { email: 'mail', name: 'name', groups: 'groups' } });
  });
});
