import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createAdminApiApp } from '../../main';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { assertionXml, authnRequestIdOf, createSigningIdentity, responseXml, signAssertion, type AssertionOptions, type SigningIdentity } from '../testing/test-saml-idp';

const IDP = 'https://idp.acme.example/saml';

describe('SAML sign-in against a signing test IdP (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let second: NestFastifyApplication;
  let admin: SignedIn;
  let idp: SigningIdentity;
  let other: SigningIdentity;
  let spConnection: { id: string; acsUrl: string; spEntityId: string };
  let idpInitiated: { id: string; acsUrl: string; spEntityId: string };

  const adminCall = (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) => h.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload });

  beforeAll(async () => {
    h = await startAdminApiHarness();
    // A second admin API instance on the same database and Redis (replay protection must span instances).
    second = await createAdminApiApp(h.config);
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    admin = await signIn(h.app, h.adminEmail);
    idp = createSigningIdentity();
    other = createSigningIdentity();
    const create = async (name: string, extra: Record<string, unknown>) => {
      const res = await adminCall('POST', '/api/v1/sso/connections', { type: 'saml', name, idpEntityId: IDP, ssoUrl: 'https://idp.acme.example/sso', certificates: [idp.certificateBase64], ...extra });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; acsUrl: string; spEntityId: string };
    };
    spConnection = await create('Acme SAML', {});
    idpInitiated = await create('Acme SAML (IdP-initiated)', { allowIdpInitiated: true });
    expect((await adminCall('POST', `/api/v1/sso/connections/${spConnection.id}/mappings`, { idpGroup: 'auditors', orgRole: 'auditor' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  async function startLogin(): Promise<{ requestId: string; relayState: string }> {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${spConnection.id}/start?returnTo=/audit` });
    expect(res.statusCode).toBe(302);
    expect(String(res.headers.location)).toMatch(/^https:\/\/idp\.acme\.example\/sso\?SAMLRequest=/);
    const { id, relayState } = authnRequestIdOf(String(res.headers.location));
    return { requestId: id, relayState };
  }

  function post(app: NestFastifyApplication, connectionId: string, xml: string, relayState?: string) {
    return app.inject({
      method: 'POST',
      url: `/api/v1/auth/sso/saml/${connectionId}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://idp.acme.example' },
      payload: new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64'), ...(relayState ? { RelayState: relayState } : {}) }).toString(),
    });
  }

  const base = (connection: typeof spConnection, overrides: Partial<AssertionOptions> = {}): AssertionOptions => ({
    idpEntityId: IDP,
    spEntityId: connection.spEntityId,
    acsUrl: connection.acsUrl,
    nameId: 'sam@acme.test',
    attributes: { email: ['sam@acme.test'], name: ['Sam Saml'], groups: ['auditors', 'everyone'] },
    ...overrides,
  });

  async function spInitiated(overrides: Partial<AssertionOptions> = {}, sign = (xml: string) => signAssertion(xml, idp)) {
    const { requestId, relayState } = await startLogin();
    const assertion = sign(assertionXml(base(spConnection, { inResponseTo: requestId, ...overrides })));
    const xml = responseXml({ idpEntityId: IDP, destination: overrides.destination ?? spConnection.acsUrl, inResponseTo: requestId, assertions: assertion });
    return { xml, relayState, res: await post(h.app, spConnection.id, xml, relayState) };
  }

  const reasons = async () =>
    ((await h.dataSource.query(`SELECT after FROM audit_events WHERE org_id = $1 AND action = 'auth.login_failed' ORDER BY seq`, [h.orgId])) as Array<{ after: { reason: string } }>).map((r) => r.after.reason);

  it('publishes SP metadata with the ACS URL', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${spConnection.id}/metadata` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/samlmetadata+xml');
    expect(res.body).toContain(spConnection.acsUrl);
    expect(res.body).toContain(`entityID="${spConnection.spEntityId}"`);
  });

  it('signs a user in with a signed assertion, maps groups, redirects to returnTo', async () => {
    const { res } = await spInitiated();
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/audit');
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { email: 'sam@acme.test', displayName: 'Sam Saml' }, memberships: [{ orgId: h.orgId, teamId: null, role: 'auditor' }] });
  });

  it('refuses a replayed response, also on a second instance sharing Redis', async () => {
    const { xml, relayState, res } = await spInitiated();
    expect(res.statusCode).toBe(302);
    expect((await post(h.app, spConnection.id, xml, relayState)).statusCode).toBe(401);
    expect((await post(second, spConnection.id, xml, relayState)).statusCode).toBe(401);

    // IdP-initiated (no InResponseTo): only the assertion id cache stops the replay.
    const assertion = signAssertion(assertionXml(base(idpInitiated)), idp);
    const unsolicited = responseXml({ idpEntityId: IDP, destination: idpInitiated.acsUrl, assertions: assertion });
    expect((await post(h.app, idpInitiated.id, unsolicited)).statusCode).toBe(302);
    const replayed = await post(second, idpInitiated.id, unsolicited);
    expect(replayed.statusCode).toBe(401);
    expect(await reasons()).toContain('replayed');
  });

  it('refuses IdP-initiated responses unless the connection allows them', async () => {
    const assertion = signAssertion(assertionXml(base(spConnection)), idp);
    const res = await post(h.app, spConnection.id, responseXml({ idpEntityId: IDP, destination: spConnection.acsUrl, assertions: assertion }));
    expect(res.statusCode).toBe(401);
  });

  it.each([
    ['an unsigned assertion', {}, (xml: string) => xml],
    ['a signature by another certificate', {}, (xml: string) => signAssertion(xml, other)],
    ['a wrong audience', { audience: 'https://someone-else.example/sp' }, undefined],
    ['a wrong recipient', { recipient: 'https://someone-else.example/acs' }, undefined],
    ['a wrong destination', { destination: 'https://someone-else.example/acs' }, undefined],
    ['an expired assertion', { issuedAtOffset: -3600, notOnOrAfterOffset: -3000 }, undefined],
    ['a comment inside the NameID', { nameId: 'sam@acme.test<!---->.evil.example' }, undefined],
    ['a SHA-1 signature', {}, (xml: string) => signAssertion(xml, idp, true)],
  ] as const)('refuses %s', async (_label, overrides, sign) => {
    const { res } = await spInitiated(overrides, sign ?? ((xml: string) => signAssertion(xml, idp)));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:sso-failed' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses signature wrapping: the signed assertion moved aside and a forged sibling in its place', async () => {
    const { requestId, relayState } = await startLogin();
    const signed = signAssertion(assertionXml(base(spConnection, { inResponseTo: requestId, assertionId: '_genuine' })), idp);
    const forged = assertionXml(base(spConnection, { inResponseTo: requestId, assertionId: '_forged', nameId: 'h4x@evil.example', attributes: { email: [h.adminEmail], groups: ['auditors'] } }));
    for (const assertions of [
      forged + signed,
      `${forged.replace('</saml:Assertion>', `<saml:Advice>${signed}</saml:Advice></saml:Assertion>`)}`,
      signed.replace('<saml:Subject>', `<saml:Subject><saml:Advice>${forged}</saml:Advice>`),
    ]) {
      const res = await post(h.app, spConnection.id, responseXml({ idpEntityId: IDP, destination: spConnection.acsUrl, inResponseTo: requestId, assertions }), relayState);
      expect(res.statusCode).toBe(401);
    }
  });
});
