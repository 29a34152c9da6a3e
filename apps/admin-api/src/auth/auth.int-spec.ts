import { verifyAuditChain } from '@sluice/audit';
import { startAdminApiHarness, signIn, TEST_PASSWORD, type AdminApiHarness } from '../testing/admin-api-harness';

describe('auth: break-glass login, sessions, CSRF, logout (real Postgres + Redis)', () => {
  let h: AdminApiHarness;

  beforeAll(async () => {
    h = await startAdminApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const auditActions = async (action: string) =>
    (await h.dataSource.query('SELECT action, result, actor_id, ip FROM audit_events WHERE org_id = $1 AND action = $2 ORDER BY seq', [h.orgId, action])) as Array<{
      action: string;
      result: string;
      actor_id: string | null;
    }>;

  it('signs in with the seeded admin, sets a hardened session cookie and audits it', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ADMIN@acme.test', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^sluice_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const body = res.json() as { userId: string; csrfToken: string };
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);

    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookie.split(';')[0] } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: body.userId, email: h.adminEmail },
      memberships: [{ orgId: h.orgId, orgSlug: 'acme', role: 'owner' }],
      activeOrgId: h.orgId,
      csrfToken: body.csrfToken,
    });
    const events = await auditActions('auth.login_succeeded');
    expect(events).toEqual([expect.objectContaining({ result: 'success', actor_id: body.userId })]);
  });

  it('refuses a wrong password and an unknown email alike, auditing the known user failure', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: h.adminEmail, password: 'nope' } });
    const unknown = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ghost@acme.test', password: 'nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:invalid-credentials', status: 401 });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect((wrong.json() as { detail: string }).detail).toBe((unknown.json() as { detail: string }).detail);
    expect(await auditActions('auth.login_failed')).toEqual([expect.objectContaining({ result: 'failure' })]);
  });

  it('refuses cross-origin login and cross-origin mutations (Origin check)', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: h.adminEmail, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(403);
    expect(login.json()).toMatchObject({ type: 'urn:sluice:problem:cross-origin-request' });
    const s = await signIn(h.app, h.adminEmail);
    const out = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: 'https://evil.example' },
    });
    expect(out.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
  });

  it('rejects unexpected body fields (strict)', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: h.adminEmail, password: TEST_PASSWORD, role: 'owner' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:validation-failed' });
  });

  it('rate-limits attempts per IP and email', async () => {
    const email = 'limited@acme.test';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'x' } })).statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another email from the same IP is not affected.
    const other = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'other@acme.test', password: 'x' } });
    expect(other.statusCode).toBe(401);
  });

  it('needs a session: no cookie or a forged one is 401', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const forged = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `sluice_session=${'A'.repeat(43)}` } });
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['content-type']).toContain('application/problem+json');
  });

  it('rotates the session on login: the previous cookie stops working', async () => {
    const first = await signIn(h.app, h.adminEmail);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { cookie: first.cookie }, payload: { email: h.adminEmail, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie']).split(';')[0]).not.toBe(first.cookie);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
  });

  it('requires the CSRF token on cookie-authenticated mutations; logout ends the session and is audited', async () => {
    const s = await signIn(h.app, h.adminEmail);
    const noToken = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ type: 'urn:sluice:problem:csrf-token-invalid' });
    const badToken = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(badToken.statusCode).toBe(403);

    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
    expect((await auditActions('auth.logout')).length).toBe(1);
  });

  it('keeps the health endpoints public; the request count needs a session', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/stats/requests' })).statusCode).toBe(401);
    const s = await signIn(h.app, h.adminEmail);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/stats/requests', headers: { cookie: s.cookie } })).statusCode).toBe(200);
  });

  it('writes a verifiable audit chain', async () => {
    const res = await h.dataSource.query('SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1', [h.orgId]);
    expect((res as Array<{ n: number }>)[0].n).toBeGreaterThan(0);
    expect(await verifyAuditChain(h.dataSource, h.orgId)).toMatchObject({ ok: true });
  });
});
