import type { ServiceProviderInstance } from 'samlify';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { redirectMessageOf, SamlifyTestIdp, splitNameId } from '../testing/samlify-test-idp';

const IDP = 'https://idp.acme.example/saml';
const IDP_SLO = 'https://idp.acme.example/slo';

/** SAML single logout against a samlify IdP (its own key pair, real XML signatures), real Postgres and Redis. */
describe('SAML single logout (SP- and IdP-initiated) against a samlify IdP', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let idp: SamlifyTestIdp;
  let other: SamlifyTestIdp;
  let connection: { id: string; acsUrl: string; spEntityId: string };
  let spOfIdp: ServiceProviderInstance;
  let sloEndpoint: string;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    admin = await signIn(h.app, h.adminEmail);
    idp = new SamlifyTestIdp({ entityId: IDP, ssoUrl: 'https://idp.acme.example/sso', sloUrl: IDP_SLO });
    other = idp.impostor();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/sso/connections',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { type: 'saml', name: 'Acme SAML with SLO', metadataXml: idp.metadataXml() },
    });
    expect(res.statusCode).toBe(201);
    connection = res.json() as typeof connection;
    sloEndpoint = `http://localhost:3000/api/v1/auth/sso/saml/${connection.id}/slo`;
    spOfIdp = idp.serviceProvider((await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/metadata` })).body);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A full SP-initiated SAML sign-in as sam@acme.test in IdP session `sessionIndex`; returns the session. */
  async function samlSignIn(sessionIndex: string): Promise<{ cookie: string; csrfToken: string }> {
    const start = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connection.id}/start` });
    const request = await idp.receiveAuthnRequest(spOfIdp, String(start.headers.location));
    const xml = await idp.loginResponse(spOfIdp, request, { nameId: 'sam@acme.test', sessionIndex, attributes: { email: ['sam@acme.test'] } });
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/auth/sso/saml/${connection.id}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64'), RelayState: request.relayState }).toString(),
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
  const stripSignature = (xml: string) => xml.replace(/<ds:Signature\b[\s\S]*?<\/ds:Signature>/, '');

  it('publishes the SLO endpoint in the SP metadata when the IdP has single logout', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/metadata` });
    expect(res.body).toMatch(new RegExp(`<SingleLogoutService[^>]*Location="${sloEndpoint.replace(/[/.]/g, '\\$&')}"`));
  });

  it('IdP-initiated: a signed LogoutRequest ends exactly the session it names, audited, and answers the IdP', async () => {
    const a = await samlSignIn('_idp_session_a');
    const b = await samlSignIn('_idp_session_b');
    const request = idp.logoutRequest(spOfIdp, { nameId: 'sam@acme.test', sessionIndex: '_idp_session_a' });
    expect(request).toContain(`Destination="${sloEndpoint}"`);
    const res = await postSlo('SAMLRequest', request);
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
    ['unsigned (signature stripped)', () => stripSignature(idp.logoutRequest(spOfIdp, { nameId: 'sam@acme.test' }))],
    ['signed with another key', () => other.logoutRequest(spOfIdp, { nameId: 'sam@acme.test' })],
    ['from another issuer signing with the configured key', () => idp.impostor({ identity: idp.identity, entityId: 'https://other-idp.example/saml' }).logoutRequest(spOfIdp, { nameId: 'sam@acme.test' })],
    ['with a comment in the NameID (signature still valid)', () => splitNameId(idp.logoutRequest(spOfIdp, { nameId: 'sam@acme.test.evil.example' }), 'sam@acme.test'.length)],
  ] as const)('refuses an IdP LogoutRequest %s and ends nothing', async (_label, make) => {
    const victim = await samlSignIn(`_victim_${Math.random().toString(16).slice(2)}`);
    const res = await postSlo('SAMLRequest', make());
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:saml-logout-refused' });
    expect(await alive(victim.cookie)).toBe(true);
  });

  it('HTTP-Redirect binding: a signed LogoutRequest is honoured; an unsigned one (node-saml alone would accept it) or a wrongly signed one is refused', async () => {
    const s = await samlSignIn('_idp_session_redirect');
    // samlify's LogoutRequest without its XML signature, carried by the HTTP-Redirect binding (query signature instead).
    const request = () => stripSignature(idp.logoutRequest(spOfIdp, { nameId: 'sam@acme.test', sessionIndex: '_idp_session_redirect' }));
    for (const query of [idp.redirectQuery('SAMLRequest', request(), 'idp-relay', false), other.redirectQuery('SAMLRequest', request(), 'idp-relay')]) {
      const refused = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/slo?${query}` });
      expect(refused.statusCode).toBe(400);
      expect(await alive(s.cookie)).toBe(true);
    }
    const reasons = (await h.dataSource.query(`SELECT after->>'reason' AS reason FROM audit_events WHERE org_id = $1 AND action = 'auth.logout_refused'`, [h.orgId])) as Array<{ reason: string }>;
    expect(reasons.map((r) => r.reason)).toEqual(expect.arrayContaining(['unsigned', 'validation_failed']));

    const ok = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/slo?${idp.redirectQuery('SAMLRequest', request(), 'idp-relay')}` });
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
    const request = await idp.receiveLogoutRequest(spOfIdp, redirectTo);
    expect(request).toMatchObject({ nameId: 'sam@acme.test', sessionIndex: '_idp_session_c', signed: false });

    const forged = await postSlo('SAMLResponse', other.logoutResponse(spOfIdp, request.id));
    expect(forged.statusCode).toBe(400);
    const unknown = await postSlo('SAMLResponse', idp.logoutResponse(spOfIdp, '_never_sent'));
    expect(unknown.statusCode).toBe(400);

    const answer = idp.logoutResponse(spOfIdp, request.id);
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
