import { createSign } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import {
  assertionXml,
  authnRequestIdOf,
  createSigningIdentity,
  logoutRequestXml,
  logoutResponseXml,
  redirectMessageOf,
  responseXml,
  signAssertion,
  signMessage,
  type SigningIdentity,
} from '../testing/test-saml-idp';

const IDP = 'https://idp.acme.example/saml';
const IDP_SLO = 'https://idp.acme.example/slo';

/** SAML single logout against the signing test IdP: real XML signatures, real Postgres and Redis. */
describe('SAML single logout (SP- and IdP-initiated) against a signing test IdP', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let idp: SigningIdentity;
  let other: SigningIdentity;
  let connection: { id: string; acsUrl: string; spEntityId: string };
  let sloEndpoint: string;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    admin = await signIn(h.app, h.adminEmail);
    idp = createSigningIdentity();
    other = createSigningIdentity();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/sso/connections',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { type: 'saml', name: 'Acme SAML with SLO', idpEntityId: IDP, ssoUrl: 'https://idp.acme.example/sso', sloUrl: IDP_SLO, certificates: [idp.certificateBase64] },
    });
    expect(res.statusCode).toBe(201);
    connection = res.json() as typeof connection;
    sloEndpoint = `http://localhost:3000/api/v1/auth/sso/saml/${connection.id}/slo`;
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A full SP-initiated SAML sign-in as sam@acme.test in IdP session `sessionIndex`; returns the session. */
  async function samlSignIn(sessionIndex: string): Promise<{ cookie: string; csrfToken: string }> {
    const start = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connection.id}/start` });
    const { id, relayState } = authnRequestIdOf(String(start.headers.location));
    const assertion = signAssertion(
      assertionXml({ idpEntityId: IDP, spEntityId: connection.spEntityId, acsUrl: connection.acsUrl, nameId: 'sam@acme.test', inResponseTo: id, sessionIndex, attributes: { email: ['sam@acme.test'] } }),
      idp,
    );
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/auth/sso/saml/${connection.id}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse: Buffer.from(responseXml({ idpEntityId: IDP, destination: connection.acsUrl, inResponseTo: id, assertions: assertion })).toString('base64'), RelayState: relayState }).toString(),
    });
    expect(res.statusCode).toBe(302);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    return { cookie, csrfToken: (me.json() as { csrfToken: string }).csrfToken };
  }

  const alive = async (cookie: string) => (await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode === 200;
  const postSlo = (field: 'SAMLRequest' | 'SAMLResponse', xml: string) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/auth/sso/saml/${connection.id}/slo`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://idp.acme.example' },
      payload: new URLSearchParams({ [field]: Buffer.from(xml).toString('base64'), RelayState: 'idp-relay' }).toString(),
    });

  it('publishes the SLO endpoint in the SP metadata when the IdP has single logout', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/metadata` });
    expect(res.body).toMatch(new RegExp(`<SingleLogoutService[^>]*Location="${sloEndpoint.replace(/[/.]/g, '\\$&')}"`));
  });

  it('IdP-initiated: a signed LogoutRequest ends exactly the session it names, audited, and answers the IdP', async () => {
    const a = await samlSignIn('_idp_session_a');
    const b = await samlSignIn('_idp_session_b');
    const res = await postSlo('SAMLRequest', signMessage(logoutRequestXml({ idpEntityId: IDP, destination: sloEndpoint, nameId: 'sam@acme.test', sessionIndex: '_idp_session_a' }), idp, 'LogoutRequest'));
    expect(res.statusCode).toBe(302);
    const location = String(res.headers.location);
    expect(location.startsWith(`${IDP_SLO}?SAMLResponse=`)).toBe(true);
    expect(new URL(location).searchParams.get('RelayState')).toBe('idp-relay');
    expect(redirectMessageOf(location, 'SAMLResponse')).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    expect(await alive(a.cookie)).toBe(false);
    expect(await alive(b.cookie)).toBe(true);
    const events = (await h.dataSource.query(`SELECT actor_auth_method, after FROM audit_events WHERE org_id = $1 AND action = 'auth.sessions_revoked'`, [h.orgId])) as Array<{ actor_auth_method: string; after: { reason: string; revoked: number } }>;
    expect(events).toEqual([{ actor_auth_method: 'saml', after: expect.objectContaining({ reason: 'saml_idp_logout', revoked: 1 }) }]);
  });

  it.each([
    ['unsigned', (xml: string) => xml],
    ['signed with another certificate', (xml: string) => signMessage(xml, other, 'LogoutRequest')],
    ['with a comment in the NameID', (xml: string) => signMessage(xml.replace('sam@acme.test', 'sam@acme.test<!---->'), idp, 'LogoutRequest')],
  ] as const)('refuses an IdP LogoutRequest %s and ends nothing', async (_label, sign) => {
    const victim = await samlSignIn(`_victim_${Math.random().toString(16).slice(2)}`);
    const res = await postSlo('SAMLRequest', sign(logoutRequestXml({ idpEntityId: IDP, destination: sloEndpoint, nameId: 'sam@acme.test' })));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:saml-logout-refused' });
    expect(await alive(victim.cookie)).toBe(true);
  });

  /** HTTP-Redirect binding query: SAMLRequest, RelayState, SigAlg and the RSA-SHA256 Signature over them (as an IdP sends it). */
  function redirectQuery(xml: string, signer: SigningIdentity | null): string {
    const parts = [`SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'))}`, `RelayState=${encodeURIComponent('idp-relay')}`, `SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`];
    if (!signer) return parts.slice(0, 2).join('&');
    const signature = createSign('RSA-SHA256').update(parts.join('&')).sign(signer.privateKeyPem, 'base64');
    return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
  }

  it('HTTP-Redirect binding: a signed LogoutRequest is honoured; an unsigned one (node-saml alone would accept it) or a wrongly signed one is refused', async () => {
    const s = await samlSignIn('_idp_session_redirect');
    const request = () => logoutRequestXml({ idpEntityId: IDP, destination: sloEndpoint, nameId: 'sam@acme.test', sessionIndex: '_idp_session_redirect' });
    for (const signer of [null, other]) {
      const refused = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/slo?${redirectQuery(request(), signer)}` });
      expect(refused.statusCode).toBe(400);
      expect(await alive(s.cookie)).toBe(true);
    }
    const reasons = (await h.dataSource.query(`SELECT after->>'reason' AS reason FROM audit_events WHERE org_id = $1 AND action = 'auth.logout_refused'`, [h.orgId])) as Array<{ reason: string }>;
    expect(reasons.map((r) => r.reason)).toEqual(expect.arrayContaining(['unsigned', 'validation_failed']));

    const ok = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/slo?${redirectQuery(request(), idp)}` });
    expect(ok.statusCode).toBe(302);
    expect(String(ok.headers.location).startsWith(`${IDP_SLO}?SAMLResponse=`)).toBe(true);
    expect(await alive(s.cookie)).toBe(false);
  });

  it('SP-initiated: sign-out ends the session and sends the browser to the IdP; its signed LogoutResponse is accepted once', async () => {
    const s = await samlSignIn('_idp_session_c');
    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sso/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
    expect(out.statusCode).toBe(200);
    const { redirectTo } = out.json() as { redirectTo: string };
    expect(redirectTo.startsWith(`${IDP_SLO}?SAMLRequest=`)).toBe(true);
    expect(await alive(s.cookie)).toBe(false);
    const request = redirectMessageOf(redirectTo, 'SAMLRequest');
    expect(request).toContain('sam@acme.test');
    expect(request).toContain('_idp_session_c');
    const requestId = /\sID="([^"]+)"/.exec(request)?.[1] as string;

    const forged = await postSlo('SAMLResponse', signMessage(logoutResponseXml({ idpEntityId: IDP, destination: sloEndpoint, inResponseTo: requestId }), other, 'LogoutResponse'));
    expect(forged.statusCode).toBe(400);
    const unknown = await postSlo('SAMLResponse', signMessage(logoutResponseXml({ idpEntityId: IDP, destination: sloEndpoint, inResponseTo: '_never_sent' }), idp, 'LogoutResponse'));
    expect(unknown.statusCode).toBe(400);

    const answer = signMessage(logoutResponseXml({ idpEntityId: IDP, destination: sloEndpoint, inResponseTo: requestId }), idp, 'LogoutResponse');
    const done = await postSlo('SAMLResponse', answer);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/sign-in');
    expect((await postSlo('SAMLResponse', answer)).statusCode).toBe(400);
  });

  it('a break-glass session signs out without a redirect', async () => {
    const s = await signIn(h.app, h.adminEmail);
    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sso/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
    expect(out.json()).toEqual({ redirectTo: null });
    expect(await alive(s.cookie)).toBe(false);
  });
});
