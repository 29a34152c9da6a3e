import { startAdminApiHarness, TEST_PASSWORD, type AdminApiHarness } from '../testing/admin-api-harness';

/** The admin API behind the portal (on loopback here), with TRUST_PROXY naming it. */
describe('behind a trusted proxy (TRUST_PROXY=loopback; real Postgres + Redis)', () => {
  let h: AdminApiHarness;

  beforeAll(async () => {
    h = await startAdminApiHarness({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const login = (email: string, password: string, headers: Record<string, string>, remoteAddress?: string) =>
    h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers, ...(remoteAddress ? { remoteAddress } : {}) });
  const lastAuditIp = async (action: string) =>
    ((await h.dataSource.query('SELECT ip FROM audit_events WHERE org_id = $1 AND action = $2 ORDER BY seq DESC LIMIT 1', [h.orgId, action])) as Array<{ ip: string | null }>)[0]?.ip;

  it("audits the browser's address the portal forwards, and marks the session cookie Secure when the browser used https", async () => {
    const res = await login(h.adminEmail, TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.5', 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toContain('Secure');
    expect(await lastAuditIp('auth.login_succeeded')).toBe('203.0.113.5');
  });

  it('throttles failed logins per browser address: one address locked out does not lock out the same account elsewhere', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login(h.adminEmail, 'wrong', { 'x-forwarded-for': '198.51.100.10' })).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(await lastAuditIp('auth.login_failed')).toBe('198.51.100.10');
    expect((await login(h.adminEmail, TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.11' })).statusCode).toBe(200);
  });

  it('believes X-Forwarded-For only from a trusted peer', async () => {
    const res = await login(h.adminEmail, TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.77', 'x-forwarded-proto': 'https' }, '192.0.2.99');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).not.toContain('Secure');
    expect(await lastAuditIp('auth.login_succeeded')).toBe('192.0.2.99');
  });
});
