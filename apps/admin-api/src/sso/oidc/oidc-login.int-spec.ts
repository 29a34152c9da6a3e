import { jose } from '../testing/jose';
import { freePort } from '@sluice/testing';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { startFakeOidcOp, type FakeOidcOp } from '../testing/fake-oidc-op';
import { signInAtOp, startTestOidcProvider, type TestOidcAccount, type TestOidcProvider } from '../testing/oidc-test-provider';

const CLIENT_ID = 'sluice-portal';
const CLIENT_SECRET = 'op-client-secret-0123456789';

describe('OIDC sign-in against the real oidc-provider, JIT provisioning and group mapping (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let op: TestOidcProvider;
  let admin: SignedIn;
  let connectionId: string;
  const alice: TestOidcAccount = { sub: 'alice-sub', email: 'alice@acme.test', email_verified: true, name: 'Alice Example', groups: ['eng', 'everyone'] };

  beforeAll(async () => {
    h = await startAdminApiHarness();
    admin = await signIn(h.app, h.adminEmail);
    const port = await freePort();
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/v1/sso/connections',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { type: 'oidc', name: 'Test OP', issuer: `http://127.0.0.1:${port}`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['openid', 'email', 'profile', 'groups'] },
    });
    expect(created.statusCode).toBe(201);
    const view = created.json() as { id: string; redirectUri: string };
    connectionId = view.id;
    op = await startTestOidcProvider({
      port,
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [view.redirectUri] }],
      accounts: { alice, mallory: { sub: 'mallory-sub', email: h.adminEmail, email_verified: false, name: 'Mallory', groups: ['admins'] } },
    });
    for (const mapping of [
      { idpGroup: 'eng', orgRole: 'developer', teamId: h.teamId, teamRole: 'developer' },
      { idpGroup: 'eng-leads', teamId: h.teamId, teamRole: 'team_admin' },
      { idpGroup: 'admins', orgRole: 'admin' },
    ]) {
      const res = await h.app.inject({ method: 'POST', url: `/api/v1/sso/connections/${connectionId}/mappings`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload: mapping });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await op?.stop();
    await h?.close();
  });

  /** start → the OP's login + consent pages → our callback; returns the callback's answer. */
  async function signInThroughOp(login: string, returnTo = '/keys') {
    const start = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connectionId}/start?returnTo=${encodeURIComponent(returnTo)}` });
    expect(start.statusCode).toBe(302);
    const callback = await signInAtOp(String(start.headers.location), login);
    const res = await h.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
    return { start, callback, res };
  }

  const me = (cookie: string) => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  const failures = async () =>
    ((await h.dataSource.query(`SELECT after FROM audit_events WHERE org_id = $1 AND action = 'auth.login_failed' ORDER BY seq`, [h.orgId])) as Array<{ after: { reason: string } }>).map((r) => r.after.reason);

  it('discover lists the enabled connection and whether break-glass is on', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/auth/sso/discover?org=acme' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ connections: [{ id: connectionId, type: 'oidc', name: 'Test OP' }], breakGlassEnabled: true });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/sso/discover?org=nope' })).statusCode).toBe(404);
  });

  it('start redirects to the OP with PKCE S256, state and nonce', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connectionId}/start` });
    const location = new URL(String(res.headers.location));
    expect(location.origin).toBe(op.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('redirect_uri')).toBe(`http://localhost:3000/api/v1/auth/sso/oidc/${connectionId}/callback`);
  });

  it('signs a new user in through the OP login page, provisions them with mapped memberships and redirects to returnTo', async () => {
    const { callback, res } = await signInThroughOp('alice', '/keys?tab=mine');
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/keys?tab=mine');
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    expect(String(res.headers['set-cookie'])).toContain('HttpOnly');
    const who = await me(cookie);
    expect(who.statusCode).toBe(200);
    const body = who.json() as { user: { email: string; displayName: string }; memberships: Array<{ teamId: string | null; role: string }>; csrfToken: string };
    expect(body.user).toMatchObject({ email: 'alice@acme.test', displayName: 'Alice Example' });
    expect(body.memberships.map((m) => [m.teamId, m.role]).sort()).toEqual([[h.teamId, 'developer'], [null, 'developer']].sort());
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);
    const actions = (await h.dataSource.query(`SELECT action, actor_auth_method FROM audit_events WHERE org_id = $1 AND (action LIKE 'provisioning.%' OR action = 'auth.login_succeeded') ORDER BY seq`, [h.orgId])) as Array<{ action: string; actor_auth_method: string }>;
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['provisioning.user_created', 'provisioning.identity_linked', 'provisioning.membership_added', 'auth.login_succeeded']));
    expect(actions.find((a) => a.action === 'auth.login_succeeded' && a.actor_auth_method === 'oidc')).toBeDefined();
  });

  it('applies group changes at the next sign-in: removed groups lose their memberships, new groups add theirs', async () => {
    op.setAccounts({ alice: { ...alice, groups: ['eng-leads'] } });
    const { res } = await signInThroughOp('alice');
    expect(res.statusCode).toBe(302);
    const body = (await me(String(res.headers['set-cookie']).split(';')[0])).json() as { memberships: Array<{ teamId: string | null; role: string }> };
    expect(body.memberships.map((m) => [m.teamId, m.role])).toEqual([[h.teamId, 'team_admin']]);
    const removed = (await h.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1 AND action = 'provisioning.membership_removed'`, [h.orgId])) as Array<{ n: number }>;
    expect(removed[0].n).toBe(1);
    op.setAccounts({ alice, mallory: { sub: 'mallory-sub', email: h.adminEmail, email_verified: false, name: 'Mallory', groups: ['admins'] } });
  });

  it('keeps memberships an admin created by hand', async () => {
    const bobId = await createUser(h.dataSource, 'bob@acme.test', h.orgId, 'auditor');
    op.setAccounts({ bob: { sub: 'bob-sub', email: 'bob@acme.test', email_verified: true, name: 'Bob', groups: [] } });
    const { res } = await signInThroughOp('bob');
    expect(res.statusCode).toBe(302);
    const rows = (await h.dataSource.query('SELECT role, team_id FROM memberships WHERE user_id = $1', [bobId])) as Array<{ role: string; team_id: string | null }>;
    expect(rows).toEqual([{ role: 'auditor', team_id: null }]);
    op.setAccounts({ alice, mallory: { sub: 'mallory-sub', email: h.adminEmail, email_verified: false, name: 'Mallory', groups: ['admins'] } });
  });

  it('refuses to link an existing account by an unverified email', async () => {
    const { res } = await signInThroughOp('mallory');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:sso-failed' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await failures()).toContain('email_not_verified');
  });

  it('refuses a replayed callback (state is single-use) and a forged state', async () => {
    const { callback, res } = await signInThroughOp('alice');
    expect(res.statusCode).toBe(302);
    const replay = await h.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
    expect(replay.statusCode).toBe(401);
    const forged = new URL(callback.href);
    forged.searchParams.set('state', 'x'.repeat(43));
    expect((await h.app.inject({ method: 'GET', url: `${forged.pathname}${forged.search}` })).statusCode).toBe(401);
    expect((await failures()).filter((r) => r === 'invalid_state').length).toBeGreaterThanOrEqual(2);
  });

  it('never redirects off-site after sign-in', async () => {
    const { res } = await signInThroughOp('alice', '//evil.example/phish');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
  });

  it('rotates the session: a cookie sent with the callback is ended', async () => {
    const before = await signIn(h.app, h.adminEmail);
    const start = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connectionId}/start` });
    const callback = await signInAtOp(String(start.headers.location), 'alice');
    const res = await h.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie: before.cookie } });
    expect(res.statusCode).toBe(302);
    expect((await me(before.cookie)).statusCode).toBe(401);
  });
});

describe('OIDC ID token validation with crafted tokens (controllable token endpoint)', () => {
  let h: AdminApiHarness;
  let op: FakeOidcOp;
  let connectionId: string;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    op = await startFakeOidcOp();
    const admin = await signIn(h.app, h.adminEmail);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/sso/connections',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { type: 'oidc', name: 'Fake OP', issuer: op.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    });
    expect(res.statusCode).toBe(201);
    connectionId = (res.json() as { id: string }).id;
  });
  afterAll(async () => {
    await op?.close();
    await h?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>) => new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: op.kid }).sign(op.privateKey);
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

  async function started(): Promise<{ state: string; nonce: string }> {
    const start = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connectionId}/start` });
    const location = new URL(String(start.headers.location));
    return { state: location.searchParams.get('state') as string, nonce: location.searchParams.get('nonce') as string };
  }

  async function callbackWith(token: (nonce: string) => Promise<string> | string, iss = op.issuer) {
    const { state, nonce } = await started();
    op.setNextIdToken(await token(nonce));
    return h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/oidc/${connectionId}/callback?code=c0de&state=${state}&iss=${encodeURIComponent(iss)}` });
  }

  const good = (nonce: string, overrides: Record<string, unknown> = {}) => ({
    iss: op.issuer,
    sub: 'crafted-sub',
    aud: CLIENT_ID,
    exp: now() + 300,
    iat: now(),
    nonce,
    email: 'crafted@acme.test',
    email_verified: true,
    ...overrides,
  });

  it('accepts a correctly signed token (the control case)', async () => {
    const res = await callbackWith((nonce) => sign(good(nonce)));
    expect(res.statusCode).toBe(302);
  });

  it.each([
    ['wrong issuer', (nonce: string) => sign(good(nonce, { iss: 'http://127.0.0.1:1/evil' }))],
    ['wrong audience', (nonce: string) => sign(good(nonce, { aud: 'another-client' }))],
    ['expired', (nonce: string) => sign(good(nonce, { exp: now() - 600, iat: now() - 900 }))],
    ['wrong nonce', () => sign(good('not-the-nonce'))],
    ['alg none', (nonce: string) => unsigned(good(nonce))],
    [
      'HS256 keyed with the public key',
      (nonce: string) =>
        new jose.SignJWT(good(nonce)).setProtectedHeader({ alg: 'HS256', kid: op.kid }).sign(new TextEncoder().encode(String(op.publicKey.export({ type: 'spki', format: 'pem' })))),
    ],
  ])('refuses %s', async (_label, token) => {
    const res = await callbackWith(token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:sso-failed' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a reused nonce (a token minted for an earlier attempt)', async () => {
    const first = await started();
    const res = await callbackWith(() => sign(good(first.nonce)));
    expect(res.statusCode).toBe(401);
  });

  it('refuses an authorization response whose iss parameter names another issuer (RFC 9207)', async () => {
    const res = await callbackWith((nonce) => sign(good(nonce)), 'http://127.0.0.1:1/mix-up');
    expect(res.statusCode).toBe(401);
  });
});
