import type { ServiceProviderInstance } from 'samlify';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { createSigningIdentity, SamlifyTestIdp, type SigningIdentity } from '../testing/samlify-test-idp';

const IDP = 'https://idp.signed.example/saml';

/** With SAML_SP_PRIVATE_KEY/SAML_SP_CERTIFICATE set, an IdP that wants signed requests (samlify) verifies ours. */
describe('SAML with an SP signing key: signed AuthnRequests and logout requests (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let sp: SigningIdentity;
  let idp: SamlifyTestIdp;
  let connection: { id: string; acsUrl: string; spEntityId: string };
  let spOfIdp: ServiceProviderInstance;

  beforeAll(async () => {
    sp = createSigningIdentity('sluice-sp');
    // One-line env values with `\n` escapes, as PEMs usually sit in env files and secrets.
    h = await startAdminApiHarness({ env: { SAML_SP_PRIVATE_KEY: sp.privateKeyPem.trim().replace(/\n/g, '\\n'), SAML_SP_CERTIFICATE: sp.certificatePem.trim().replace(/\n/g, '\\n') } });
    admin = await signIn(h.app, h.adminEmail);
    idp = new SamlifyTestIdp({ entityId: IDP, ssoUrl: 'https://idp.signed.example/sso', sloUrl: 'https://idp.signed.example/slo', wantAuthnRequestsSigned: true });
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/sso/connections', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload: { type: 'saml', name: 'Signed SAML', metadataXml: idp.metadataXml() } });
    expect(res.statusCode).toBe(201);
    connection = res.json() as typeof connection;
    spOfIdp = idp.serviceProvider((await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/metadata` })).body);
  });
  afterAll(async () => {
    await h?.close();
  });

  const start = async () => String((await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connection.id}/start?returnTo=/keys` })).headers.location);

  it('the SP metadata says AuthnRequestsSigned="true" and carries the signing certificate', () => {
    expect(spOfIdp.entityMeta.isAuthnRequestSigned()).toBe(true);
    expect(String(spOfIdp.entityMeta.getX509Certificate('signing')).replace(/\s+/g, '')).toBe(sp.certificateBase64);
  });

  it('the IdP verifies the signed AuthnRequest (RSA-SHA256) and the sign-in completes', async () => {
    const location = await start();
    expect(new URL(location).searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const request = await idp.receiveAuthnRequest(spOfIdp, location);
    expect(request).toMatchObject({ signed: true, issuer: connection.spEntityId, acsUrl: connection.acsUrl });
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/auth/sso/saml/${connection.id}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse: Buffer.from(await idp.loginResponse(spOfIdp, request, { nameId: 'signer@acme.test', attributes: { email: ['signer@acme.test'] } })).toString('base64'), RelayState: request.relayState }).toString(),
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/keys');
  });

  it('the IdP refuses a request whose signed query was tampered with, or signed by another key', async () => {
    const tampered = new URL(await start());
    tampered.searchParams.set('RelayState', 'attacker-state');
    await expect(idp.receiveAuthnRequest(spOfIdp, tampered.toString())).rejects.toThrow(/SIGNATURE_VERIFICATION/);
    const impostorSp = idp.serviceProvider((await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/metadata` })).body.replace(/(<ds:X509Certificate>)[^<]*(<\/ds:X509Certificate>)/, `$1${createSigningIdentity('impostor').certificateBase64}$2`));
    expect(String(impostorSp.entityMeta.getX509Certificate('signing')).replace(/\s+/g, '')).not.toBe(sp.certificateBase64);
    await expect(idp.receiveAuthnRequest(impostorSp, await start())).rejects.toThrow(/SIGNATURE_VERIFICATION/);
  });

  it('SP-initiated single logout: the LogoutRequest to the IdP is signed too', async () => {
    const request = await idp.receiveAuthnRequest(spOfIdp, await start());
    const acs = await h.app.inject({
      method: 'POST',
      url: `/api/v1/auth/sso/saml/${connection.id}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse: Buffer.from(await idp.loginResponse(spOfIdp, request, { nameId: 'leaver@acme.test', sessionIndex: '_leaver_session' })).toString('base64'), RelayState: request.relayState }).toString(),
    });
    const cookie = String(acs.headers['set-cookie']).split(';')[0];
    const { csrfToken } = (await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json() as { csrfToken: string };
    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sso/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    const { redirectTo } = out.json() as { redirectTo: string };
    const logout = await idp.receiveLogoutRequest(spOfIdp, redirectTo);
    expect(logout).toMatchObject({ signed: true, nameId: 'leaver@acme.test', sessionIndex: '_leaver_session' });
  });
});
