import { generateSync } from 'otplib';
import { signIn, startAdminApiHarness, TEST_PASSWORD, type AdminApiHarness } from '../testing/admin-api-harness';

describe('break-glass login: TOTP second factor and the per-org switch (real Postgres + Redis)', () => {
  let h: AdminApiHarness;

  beforeAll(async () => {
    h = await startAdminApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const login = (extra: Record<string, unknown> = {}) => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: h.adminEmail, password: TEST_PASSWORD, ...extra } });
  /** A code for another 30 s step than the one just used (codes are single-use per step). */
  const codeAt = (secret: string, stepOffset: number) => generateSync({ secret, epoch: (Math.floor(Date.now() / 30_000) + stepOffset) * 30 });

  it('enrols with a confirmed code, then requires a fresh code at every password sign-in', async () => {
    const s = await signIn(h.app, h.adminEmail);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
    const enrolled = await h.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers, payload: {} });
    expect(enrolled.statusCode).toBe(200);
    const { secret, otpauthUri } = enrolled.json() as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Sluice:/);
    const [row] = (await h.dataSource.query('SELECT secret_sealed::text AS sealed FROM totp_credentials')) as Array<{ sealed: string }>;
    expect(row.sealed).not.toContain(secret);

    // Not enforced until confirmed.
    expect((await login()).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/totp/verify', headers, payload: { code: '000000' === codeAt(secret, 0) ? '111111' : '000000' } })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/totp/verify', headers, payload: { code: codeAt(secret, -1) } })).statusCode).toBe(204);

    const missing = await login();
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ type: 'urn:sluice:problem:totp-required' });
    expect((await login({ totpCode: '12345' })).statusCode).toBe(400);

    const fresh = codeAt(secret, 0);
    expect((await login({ totpCode: fresh })).statusCode).toBe(200);
    const replay = await login({ totpCode: fresh });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ type: 'urn:sluice:problem:invalid-totp' });
    expect((await login({ totpCode: codeAt(secret, 1) })).statusCode).toBe(200);

    const again = await h.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, payload: {} });
    expect([401, 409]).toContain(again.statusCode);
    const events = (await h.dataSource.query(`SELECT action FROM audit_events WHERE org_id = $1 AND action IN ('auth.totp_enabled', 'auth.login_failed')`, [h.orgId])) as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.totp_enabled', 'auth.login_failed']));
  });

  it('refuses password sign-in once the org turns break-glass login off (and discover says so)', async () => {
    await h.dataSource.query('UPDATE organizations SET break_glass_login_enabled = false WHERE id = $1', [h.orgId]);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: h.adminEmail, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:break-glass-disabled' });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/auth/sso/discover?org=acme' })).json()).toMatchObject({ breakGlassEnabled: false });
    // A wrong password still gets the same 401 as always (the switch reveals nothing before the password is right).
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: h.adminEmail, password: 'wrong' } })).statusCode).toBe(401);
    await h.dataSource.query('UPDATE organizations SET break_glass_login_enabled = true WHERE id = $1', [h.orgId]);
  });
});
