import { signInLines } from './sign-in-methods';

describe('signInLines', () => {
  it('names each SSO connection with its protocol, then SCIM provisioning', () => {
    expect(
      signInLines({
        sso: [
          { connectionId: 'c-1', connectionName: 'Entra ID', protocol: 'saml', lastLoginAt: null },
          { connectionId: 'c-2', connectionName: 'Okta', protocol: 'oidc', lastLoginAt: '2026-11-20T08:00:00.000Z' },
        ],
        scim: true,
        localLogin: false,
      }),
    ).toEqual(['SSO: Entra ID (SAML)', 'SSO: Okta (OIDC)', 'Provisioned by SCIM']);
  });

  it('says when the user signs in with a local password, and nothing for an invited user who has not signed in', () => {
    expect(signInLines({ sso: [], scim: false, localLogin: true })).toEqual(['Local password (break-glass)']);
    expect(signInLines({ sso: [], scim: false, localLogin: false })).toEqual([]);
  });
});
