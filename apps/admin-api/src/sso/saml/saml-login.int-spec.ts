import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceProviderInstance } from 'samlify';
import { createAdminApiApp } from '../../main';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { RSA_SHA1, SamlifyTestIdp, splitNameId, stripSignatures, WRAPPING_SHAPES, wrapSignedAssertion, type ReceivedAuthnRequest, type ResponseOverrides, type SamlUser } from '../testing/samlify-test-idp';

const IDP = 'https://idp.acme.example/saml';
const IDP_SSO = 'https://idp.acme.example/sso';

type Connection = { id: string; acsUrl: string; spEntityId: string };

/**
 * SAML sign-in driven over HTTP against a real signing IdP (samlify, its own key pair): the SP's
 * AuthnRequest is read by the IdP, whose signed Response goes back to the ACS. Negative cases are
 * samlify responses built with a deviation or post-processed the way attacks are made.
 */
describe('SAML sign-in against a samlify IdP (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let second: NestFastifyApplication;
  let admin: SignedIn;
  let idp: SamlifyTestIdp;
  let spConnection: Connection;
  let spOfIdp: ServiceProviderInstance;
  let spMetadataXml: string;
  let idpInitiated: Connection;
  let spOfIdpInitiated: ServiceProviderInstance;

  const adminCall = (method: 'POST' | 'PATCH', url: string, payload: Record<string, unknown>) => h.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload });

  beforeAll(async () => {
    h = await startAdminApiHarness();
    // A second admin API instance on the same database and Redis (replay protection must span instances).
    second = await createAdminApiApp(h.config);
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    admin = await signIn(h.app, h.adminEmail);
    idp = new SamlifyTestIdp({ entityId: IDP, ssoUrl: IDP_SSO });
    const create = async (name: string, extra: Record<string, unknown>): Promise<[Connection, ServiceProviderInstance]> => {
      // Configured the way an admin does it: from the IdP's metadata XML.
      const res = await adminCall('POST', '/api/v1/sso/connections', { type: 'saml', name, metadataXml: idp.metadataXml(), ...extra });
      expect(res.statusCode).toBe(201);
      const connection = res.json() as Connection;
      const metadata = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${connection.id}/metadata` });
      return [connection, idp.serviceProvider(metadata.body)];
    };
    [spConnection, spOfIdp] = await create('Acme SAML', {});
    spMetadataXml = (await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${spConnection.id}/metadata` })).body;
    [idpInitiated, spOfIdpInitiated] = await create('Acme SAML (IdP-initiated)', { allowIdpInitiated: true });
    expect((await adminCall('POST', `/api/v1/sso/connections/${spConnection.id}/mappings`, { idpGroup: 'auditors', orgRole: 'auditor' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  /** SP-initiated: the SP's redirect to the IdP, read by the IdP. */
  async function startLogin(): Promise<ReceivedAuthnRequest> {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${spConnection.id}/start?returnTo=/audit` });
    expect(res.statusCode).toBe(302);
    return idp.receiveAuthnRequest(spOfIdp, String(res.headers.location));
  }

  function post(app: NestFastifyApplication, connectionId: string, xml: string, relayState?: string, accept?: string) {
    return app.inject({
      method: 'POST',
      url: `/api/v1/auth/sso/saml/${connectionId}/acs`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://idp.acme.example', ...(accept ? { accept } : {}) },
      payload: new URLSearchParams({ SAMLResponse: Buffer.from(xml).toString('base64'), ...(relayState ? { RelayState: relayState } : {}) }).toString(),
    });
  }

  const sam = (overrides: Partial<SamlUser> = {}): SamlUser => ({ nameId: 'sam@acme.test', attributes: { email: ['sam@acme.test'], name: ['Sam Saml'], groups: ['auditors', 'everyone'] }, ...overrides });

  /** The latest refused sign-in in the audit trail. */
  const lastFailure = async () =>
    ((await h.dataSource.query(`SELECT after FROM audit_events WHERE org_id = $1 AND action = 'auth.login_failed' ORDER BY seq DESC LIMIT 1`, [h.orgId])) as Array<{ after: { reason: string; detail: string } }>)[0]?.after;
  const userExists = async (email: string) => ((await h.dataSource.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email])) as unknown[]).length > 0;

  /** Asserts a refusal: 401 problem+json, no session cookie, and the reason in the audit trail. */
  async function expectRefused(res: Awaited<ReturnType<typeof post>>, reason: string, detail: RegExp | null = null): Promise<void> {
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:sso-failed', detail: `Single sign-on failed (${reason}).` });
    expect(res.headers['set-cookie']).toBeUndefined();
    const failure = await lastFailure();
    expect(failure?.reason).toBe(reason);
    if (detail) expect(failure?.detail).toMatch(detail);
  }

  it('publishes SP metadata with the ACS URL, wanting signed assertions; requests are unsigned without an SP key', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/saml/${spConnection.id}/metadata` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/samlmetadata+xml');
    expect(spOfIdp.entityMeta.getEntityID()).toBe(spConnection.spEntityId);
    expect(spOfIdp.entityMeta.getAssertionConsumerService('post')).toBe(spConnection.acsUrl);
    expect(spOfIdp.entityMeta.isWantAssertionsSigned()).toBe(true);
    expect(spOfIdp.entityMeta.isAuthnRequestSigned()).toBe(false);
    const request = await startLogin();
    expect(request).toMatchObject({ issuer: spConnection.spEntityId, acsUrl: spConnection.acsUrl, signed: false });
    // An IdP that wants signed requests refuses ours while no SP key is configured (see saml-signed-requests.int-spec.ts).
    const strict = idp.impostor({ identity: idp.identity, wantAuthnRequestsSigned: true });
    const location = String((await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${spConnection.id}/start` })).headers.location);
    await expect(strict.receiveAuthnRequest(spOfIdp, location)).rejects.toThrow(/ERR_MISSING_SIG_ALG/);
  });

  it('signs a user in (JIT) with a samlify-signed assertion, maps groups, redirects to returnTo', async () => {
    const request = await startLogin();
    const res = await post(h.app, spConnection.id, await idp.loginResponse(spOfIdp, request, sam()), request.relayState);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/audit');
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { email: 'sam@acme.test', displayName: 'Sam Saml' }, memberships: [{ orgId: h.orgId, teamId: null, role: 'auditor' }] });
    const [succeeded] = (await h.dataSource.query(`SELECT actor_auth_method, after FROM audit_events WHERE org_id = $1 AND action = 'auth.login_succeeded' ORDER BY seq DESC LIMIT 1`, [h.orgId])) as Array<{ actor_auth_method: string; after: { connectionId: string } }>;
    expect(succeeded).toEqual({ actor_auth_method: 'saml', after: { connectionId: spConnection.id } });
  });

  it('refuses a replayed response, also on a second instance sharing Redis', async () => {
    const request = await startLogin();
    const xml = await idp.loginResponse(spOfIdp, request, sam());
    expect((await post(h.app, spConnection.id, xml, request.relayState)).statusCode).toBe(302);
    // The request id (InResponseTo) and the RelayState are single use: node-saml no longer knows the request.
    await expectRefused(await post(h.app, spConnection.id, xml, request.relayState), 'validation_failed', /InResponseTo/);
    await expectRefused(await post(second, spConnection.id, xml, request.relayState), 'validation_failed', /InResponseTo/);

    // IdP-initiated (no InResponseTo): only the assertion id cache stops the replay.
    const unsolicited = await idp.loginResponse(spOfIdpInitiated, null, sam());
    expect((await post(h.app, idpInitiated.id, unsolicited)).statusCode).toBe(302);
    await expectRefused(await post(second, idpInitiated.id, unsolicited), 'replayed');
  });

  it('refuses IdP-initiated responses unless the connection allows them', async () => {
    await expectRefused(await post(h.app, spConnection.id, await idp.loginResponse(spOfIdp, null, sam({ nameId: 'unsolicited@acme.test', attributes: { email: ['unsolicited@acme.test'] } }))), 'validation_failed', /InResponseTo/);
    expect(await userExists('unsolicited@acme.test')).toBe(false);
  });

  /** Each case: a fresh SP-initiated attempt answered by `respond`; a stranger's identity, so "not signed in" also means "not provisioned". */
  const refusals: Array<[string, (request: ReceivedAuthnRequest, user: SamlUser) => Promise<string>, string, RegExp | null]> = [
    ['an unsigned response (samlify signature stripped)', async (r, u) => stripSignatures(await idp.loginResponse(spOfIdp, r, u)), 'validation_failed', /signature/i],
    ['a signature by another key (an impostor IdP with the same entity id)', (r, u) => idp.impostor().loginResponse(spOfIdp, r, u), 'validation_failed', /signature/i],
    ['the Response signed but not the assertion', (r, u) => idp.loginResponse(idp.serviceProvider(spMetadataXml.replace('WantAssertionsSigned="true"', 'WantAssertionsSigned="false"')), r, u), 'validation_failed', /signature/i],
    ['another issuer signing with the configured key', (r, u) => idp.impostor({ identity: idp.identity, entityId: 'https://other-idp.example/saml' }).loginResponse(spOfIdp, r, u), 'wrong_issuer', null],
    ['a wrong audience', (r, u) => idp.loginResponse(spOfIdp, r, u, { audience: 'https://someone-else.example/sp' }), 'validation_failed', /audience/i],
    ['a wrong recipient', (r, u) => idp.loginResponse(spOfIdp, r, u, { recipient: 'https://someone-else.example/acs' }), 'wrong_recipient', null],
    ['a wrong destination', (r, u) => idp.loginResponse(spOfIdp, r, u, { destination: 'https://someone-else.example/acs' }), 'wrong_destination', null],
    ['an expired assertion (beyond the 60 s skew)', (r, u) => idp.loginResponse(spOfIdp, r, u, { issuedAtOffset: -400, notOnOrAfterOffset: 300 } satisfies ResponseOverrides), 'validation_failed', /subject confirmation|expired|NotOnOrAfter/i],
    ['an assertion issued in the future (beyond the skew)', (r, u) => idp.loginResponse(spOfIdp, r, u, { issuedAtOffset: 180 }), 'validation_failed', /NotBefore|not yet valid/i],
    ['a SHA-1 signature', (r, u) => idp.impostor({ identity: idp.identity, signatureAlgorithm: RSA_SHA1 }).loginResponse(spOfIdp, r, u), 'sha1_refused', /SHA-1/],
    ['a comment inside the NameID (signature still valid)', async (r, u) => splitNameId(await idp.loginResponse(spOfIdp, r, { ...u, nameId: `${u.nameId}.evil.example` }), u.nameId.length), 'comments_refused', null],
  ];

  it.each(refusals)('refuses %s: 401, no session, no user, audited', async (_label, respond, reason, detail) => {
    const stranger = `stranger-${Math.random().toString(16).slice(2)}@acme.test`;
    const request = await startLogin();
    const res = await post(h.app, spConnection.id, await respond(request, sam({ nameId: stranger, attributes: { email: [stranger], groups: ['auditors'] } })), request.relayState);
    await expectRefused(res, reason, detail);
    expect(await userExists(stranger)).toBe(false);
  });

  it('refuses a genuine response to another sign-in request posted with this attempt\'s RelayState', async () => {
    const mine = await startLogin();
    const other = await startLogin();
    const res = await post(h.app, spConnection.id, await idp.loginResponse(spOfIdp, other, sam({ nameId: 'mixup@acme.test', attributes: { email: ['mixup@acme.test'] } })), mine.relayState);
    await expectRefused(res, 'invalid_state', /another sign-in request/);
    expect(await userExists('mixup@acme.test')).toBe(false);
  });

  it('a comment in the NameID never yields the truncated identity (the refusal comes first; nobody is signed in as the prefix)', async () => {
    const before = (await h.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1 AND action = 'auth.login_succeeded'`, [h.orgId])) as Array<{ n: number }>;
    const request = await startLogin();
    const attack = splitNameId(await idp.loginResponse(spOfIdp, request, { nameId: `${h.adminEmail}.evil.example` }), h.adminEmail.length);
    expect(attack).toContain(`${h.adminEmail}<!---->.evil.example`);
    await expectRefused(await post(h.app, spConnection.id, attack, request.relayState), 'comments_refused');
    const after = (await h.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1 AND action = 'auth.login_succeeded'`, [h.orgId])) as Array<{ n: number }>;
    expect(after[0].n).toBe(before[0].n);
  });

  it('a CDATA section splitting the NameID (signature still valid) yields the full NameID, not the prefix', async () => {
    const full = 'cdata@acme.test.evil.example';
    const request = await startLogin();
    const split = splitNameId(await idp.loginResponse(spOfIdp, request, { nameId: full }), 'cdata@acme.test'.length, '<![CDATA[]]>');
    expect(split).toContain('cdata@acme.test<![CDATA[]]>.evil.example');
    const res = await post(h.app, spConnection.id, split, request.relayState);
    expect(res.statusCode).toBe(302);
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: String(res.headers['set-cookie']).split(';')[0] } });
    expect(me.json()).toMatchObject({ user: { email: full } });
    expect(await userExists('cdata@acme.test')).toBe(false);
  });

  it.each(WRAPPING_SHAPES)('refuses signature wrapping (%s): the signed assertion moved and a forged sibling naming the admin', async (shape) => {
    const request = await startLogin();
    const signed = await idp.loginResponse(spOfIdp, request, sam({ nameId: 'wrapper@acme.test', attributes: { email: ['wrapper@acme.test'], groups: [] } }));
    const res = await post(h.app, spConnection.id, wrapSignedAssertion(signed, { nameId: h.adminEmail }, shape), request.relayState);
    // node-saml's reasons: multiple assertions / invalid signature / an ID referring to two elements / extra transforms.
    await expectRefused(res, 'validation_failed', /signature/i);
    expect(await userExists('wrapper@acme.test')).toBe(false);
  });

  it('a browser (Accept: text/html) is sent to the sign-in page with the reason, without a session', async () => {
    const request = await startLogin();
    const res = await post(h.app, spConnection.id, stripSignatures(await idp.loginResponse(spOfIdp, request, sam())), request.relayState, 'text/html');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?org=acme&ssoError=validation_failed');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await lastFailure())?.reason).toBe('validation_failed');
  });
});
