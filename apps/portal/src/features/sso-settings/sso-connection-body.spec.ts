import { connectionBody, type SsoFormValues } from './sso-connection-body';

const base: SsoFormValues = {
  type: 'oidc',
  name: ' Okta ',
  enabled: true,
  issuer: 'https://acme.okta.com',
  clientId: 'client-1',
  clientSecret: 's3cret',
  scopes: 'openid email,profile',
  samlSource: 'metadataUrl',
  metadataUrl: '',
  metadataXml: '',
  idpEntityId: '',
  ssoUrl: '',
  sloUrl: '',
  certificate: '',
  allowIdpInitiated: false,
  emailClaim: 'email',
  nameClaim: '',
  groupsClaim: 'roles',
};

describe('connectionBody', () => {
  it('builds an OIDC create body with the type, split scopes and default claim names', () => {
    expect(connectionBody(base, false)).toEqual({
      ok: true,
      body: {
        type: 'oidc',
        name: 'Okta',
        enabled: true,
        issuer: 'https://acme.okta.com',
        clientId: 'client-1',
        clientSecret: 's3cret',
        scopes: ['openid', 'email', 'profile'],
        claimMapping: { email: 'email', name: 'name', groups: 'roles' },
      },
    });
  });

  it('keeps the stored client secret when editing with an empty one, and never sends the type', () => {
    const result = connectionBody({ ...base, clientSecret: '' }, true);
    expect(result.ok && result.body).not.toHaveProperty('clientSecret');
    expect(result.ok && result.body).not.toHaveProperty('type');
  });

  it('names every missing field, and requires openid among the scopes', () => {
    expect(connectionBody({ ...base, name: '', issuer: '', clientSecret: '', scopes: 'email' }, false)).toEqual({
      ok: false,
      errors: [
        { path: 'name', message: 'Name is required.' },
        { path: 'issuer', message: 'Issuer URL is required.' },
        { path: 'clientSecret', message: 'Client secret is required.' },
        { path: 'scopes', message: 'Scopes must include openid.' },
      ],
    });
  });

  it('sends SAML metadata by URL or XML, or the manual fields with one certificate', () => {
    const saml = { ...base, type: 'saml' as const };
    expect(connectionBody({ ...saml, metadataUrl: 'https://idp.test/md' }, false)).toMatchObject({ ok: true, body: { type: 'saml', metadataUrl: 'https://idp.test/md', allowIdpInitiated: false } });
    expect(connectionBody({ ...saml, samlSource: 'metadataXml', metadataXml: '<EntityDescriptor/>' }, false)).toMatchObject({ ok: true, body: { metadataXml: '<EntityDescriptor/>' } });
    const manual = connectionBody({ ...saml, samlSource: 'manual', idpEntityId: 'urn:idp', ssoUrl: 'https://idp.test/sso', certificate: 'MIIC' }, false);
    expect(manual).toMatchObject({ ok: true, body: { idpEntityId: 'urn:idp', ssoUrl: 'https://idp.test/sso', sloUrl: null, certificates: ['MIIC'], attributeMapping: { email: 'email', name: 'name', groups: 'roles' } } });
    expect(connectionBody({ ...saml, samlSource: 'metadataUrl' }, false)).toEqual({ ok: false, errors: [{ path: 'metadataUrl', message: 'Metadata URL is required.' }] });
    // Editing: empty metadata keeps the stored IdP settings.
    const edit = connectionBody({ ...saml, samlSource: 'metadataUrl' }, true);
    expect(edit.ok && edit.body).not.toHaveProperty('metadataUrl');
  });
});
