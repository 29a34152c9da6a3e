import { randomUUID } from 'node:crypto';
import { startAdminApiHarness, type AdminApiHarness } from '../../testing/admin-api-harness';
import { SSO_ATTEMPTS_PER_WINDOW } from './sso-rate-limiter';

/** SSO sign-in attempts are rate-limited per client IP (real Redis), like password logins. */
describe('SSO sign-in rate limit', () => {
  let h: AdminApiHarness;
  beforeAll(async () => {
    h = await startAdminApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['starts', '198.51.100.1', (id: string) => ({ method: 'GET' as const, url: `/api/v1/auth/sso/${id}/start` })],
    ['OIDC callbacks', '198.51.100.2', (id: string) => ({ method: 'GET' as const, url: `/api/v1/auth/sso/oidc/${id}/callback?state=x&code=y` })],
    ['SAML responses', '198.51.100.3', (id: string) => ({ method: 'POST' as const, url: `/api/v1/auth/sso/saml/${id}/acs`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'SAMLResponse=eA%3D%3D' })],
  ])('answers 429 problem+json after %s from one address exceed the window', async (_label, address, request) => {
    const id = randomUUID();
    const from = (remoteAddress: string) => ({ ...request(id), remoteAddress });
    for (let i = 0; i < SSO_ATTEMPTS_PER_WINDOW; i++) expect((await h.app.inject(from(address))).statusCode).toBe(404);
    const limited = await h.app.inject(from(address));
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ type: 'urn:sluice:problem:too-many-sso-attempts' });
    // Another address is not affected.
    expect((await h.app.inject(from('203.0.113.7'))).statusCode).toBe(404);
  });
});
