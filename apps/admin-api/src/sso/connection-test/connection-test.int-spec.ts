import { freePort } from '@sluice/testing';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { cancelAtOp, signInAtOp, startTestOidcProvider, type TestOidcProvider } from '../testing/oidc-test-provider';

const CLIENT_ID = 'sluice-test-connection';
const CLIENT_SECRET = 'op-client-secret-test-connection';

/**
 * "Test connection" against the real oidc-provider: the real login runs, nothing is applied, the outcome
 * is recorded for the settings page; and a browser whose sign-in is refused lands on the sign-in page.
 */
describe('SSO test connection and browser-facing refusals (real oidc-provider, Postgres, Redis)', () => {
  let h: AdminApiHarness;
  let op: TestOidcProvider;
  let admin: SignedIn;
  let connectionId: string;
  let viewerEmail: string;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, as: SignedIn = admin, payload?: Record<string, unknown>) =>
    h.app.inject({ method, url, headers: { cookie: as.cookie, 'x-csrf-token': as.csrfToken }, ...(payload ? { payload } : {}) });
  const countRows = async (sql: string, params: unknown[]) => ((await h.dataSource.query(sql, params)) as Array<{ n: number }>)[0].n;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    admin = await signIn(h.app, h.adminEmail);
    const port = await freePort();
    // Created disabled: an admin tests a connection before turning it on.
    const created = await call('POST', '/api/v1/sso/connections', admin, { type: 'oidc', name: 'Staging OP', enabled: false, issuer: `http://127.0.0.1:${port}`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['openid', 'email', 'profile', 'groups'] });
    expect(created.statusCode).toBe(201);
    const view = created.json() as { id: string; redirectUri: string };
    connectionId = view.id;
    expect((await call('POST', `/api/v1/sso/connections/${connectionId}/mappings`, admin, { idpGroup: 'eng', teamId: h.teamId, teamRole: 'developer' })).statusCode).toBe(201);
    viewerEmail = 'vera@acme.test';
    await createUser(h.dataSource, viewerEmail, h.orgId, 'viewer');
    op = await startTestOidcProvider({
      port,
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [view.redirectUri] }],
      accounts: {
        tess: { sub: 'tess-sub', email: 'tess@acme.test', email_verified: true, name: 'Tess Tester', groups: ['eng', 'unmapped'] },
        vera: { sub: 'vera-sub', email: viewerEmail, email_verified: false, name: 'Vera', groups: [] },
      },
    });
  });
  afterAll(async () => {
    await op?.stop();
    await h?.close();
  });

  async function startRun(): Promise<{ id: string; loginUrl: string; status: string }> {
    const res = await call('POST', `/api/v1/sso/connections/${connectionId}/test`);
    expect(res.statusCode).toBe(201);
    const run = res.json() as { id: string; loginUrl: string; status: string; connectionId: string; expiresAt: string };
    expect(run).toMatchObject({ connectionId, status: 'pending', loginUrl: `/api/v1/auth/sso/${connectionId}/start?test=${run.id}`, result: null, failure: null });
    return run;
  }

  /** The browser: loginUrl → the OP (login or cancel) → our callback. */
  async function runInBrowser(loginUrl: string, atOp: (authorizationUrl: string) => Promise<URL>) {
    const start = await h.app.inject({ method: 'GET', url: loginUrl, headers: { accept: 'text/html' } });
    expect(start.statusCode).toBe(302);
    const callback = await atOp(String(start.headers.location));
    return h.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { accept: 'text/html,application/xhtml+xml' } });
  }

  it('a disabled connection cannot be used to sign in, but can be tested', async () => {
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connectionId}/start` })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connectionId}/start?test=${'x'.repeat(24)}` })).statusCode).toBe(404);
  });

  it('records a successful run with the claims and the memberships sign-in WOULD apply, applying nothing', async () => {
    const run = await startRun();
    const res = await runInBrowser(run.loginUrl, (url) => signInAtOp(url, 'tess'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/settings/sso/${connectionId}?test=${run.id}`);
    expect(res.headers['set-cookie']).toBeUndefined();

    const got = await call('GET', `/api/v1/sso/connections/${connectionId}/test/${run.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id: run.id,
      status: 'succeeded',
      failure: null,
      result: {
        claims: { subject: 'tess', email: 'tess@acme.test', emailVerified: true, name: 'Tess Tester', groups: ['eng', 'unmapped'] },
        user: { action: 'create', userId: null, email: 'tess@acme.test' },
        matchedGroups: ['eng'],
        changes: { add: [{ teamId: h.teamId, role: 'developer' }], remove: [], change: [] },
        membershipsAfter: [{ teamId: h.teamId, role: 'developer', source: 'provisioned' }],
      },
    });
    expect(await countRows(`SELECT count(*)::int AS n FROM users WHERE email = 'tess@acme.test'`, [])).toBe(0);
    const audited = (await h.dataSource.query(`SELECT action, result, after FROM audit_events WHERE org_id = $1 AND action LIKE 'sso.connection_test%' ORDER BY seq`, [h.orgId])) as Array<{ action: string; result: string; after: Record<string, unknown> }>;
    expect(audited.map((a) => [a.action, a.result])).toEqual([['sso.connection_test_started', 'success'], ['sso.connection_tested', 'success']]);

    // A run is single-use.
    expect((await h.app.inject({ method: 'GET', url: run.loginUrl })).statusCode).toBe(404);
  });

  it('records the precise failure: the IdP refused (the person cancelled at the OP)', async () => {
    const run = await startRun();
    const res = await runInBrowser(run.loginUrl, cancelAtOp);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/settings/sso/${connectionId}?test=${run.id}`);
    const got = (await call('GET', `/api/v1/sso/connections/${connectionId}/test/${run.id}`)).json() as { status: string; failure: { reason: string; detail: string }; result: unknown };
    expect(got).toMatchObject({ status: 'failed', result: null, failure: { reason: 'idp_error' } });
    expect(got.failure.detail).toContain('access_denied');
  });

  it('records a provisioning refusal: an unverified email that matches an existing account', async () => {
    const run = await startRun();
    await runInBrowser(run.loginUrl, (url) => signInAtOp(url, 'vera'));
    const got = (await call('GET', `/api/v1/sso/connections/${connectionId}/test/${run.id}`)).json() as Record<string, unknown>;
    expect(got).toMatchObject({ status: 'failed', failure: { reason: 'email_not_verified' } });
    expect(await countRows(`SELECT count(*)::int AS n FROM sso_identities WHERE connection_id = $1`, [connectionId])).toBe(0);
  });

  it('keeps runs to admins of the org: 404 for unknown ids, 403 for people without sso:manage', async () => {
    const run = await startRun();
    expect((await call('GET', `/api/v1/sso/connections/${connectionId}/test/${'y'.repeat(24)}`)).statusCode).toBe(404);
    const viewer = await signIn(h.app, viewerEmail);
    expect((await call('GET', `/api/v1/sso/connections/${connectionId}/test/${run.id}`, viewer)).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/sso/connections/${connectionId}/test`, viewer)).statusCode).toBe(403);
    expect(((await call('GET', `/api/v1/sso/connections/${connectionId}/test/${run.id}`)).json() as { status: string }).status).toBe('pending');
  });

  it('a browser whose real sign-in is refused lands on the sign-in page with the reason; API clients get 401 problem+json', async () => {
    expect((await call('PATCH', `/api/v1/sso/connections/${connectionId}`, admin, { enabled: true })).statusCode).toBe(200);
    const browser = await runInBrowser(`/api/v1/auth/sso/${connectionId}/start?returnTo=/keys`, cancelAtOp);
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe('/sign-in?org=acme&ssoError=idp_error');
    expect(browser.headers['set-cookie']).toBeUndefined();

    const start = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${connectionId}/start` });
    const callback = await cancelAtOp(String(start.headers.location));
    const api = await h.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toMatchObject({ type: 'urn:sluice:problem:sso-failed' });
    const reasons = (await h.dataSource.query(`SELECT after->>'reason' AS reason FROM audit_events WHERE org_id = $1 AND action = 'auth.login_failed'`, [h.orgId])) as Array<{ reason: string }>;
    expect(reasons.filter((r) => r.reason === 'idp_error')).toHaveLength(2);

    // Once enabled, the same OP account signs in for real and gets the mapped membership.
    const ok = await runInBrowser(`/api/v1/auth/sso/${connectionId}/start?returnTo=/keys`, (url) => signInAtOp(url, 'tess'));
    expect(ok.statusCode).toBe(302);
    expect(ok.headers.location).toBe('/keys');
  });
});
