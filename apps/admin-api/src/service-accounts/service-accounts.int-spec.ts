import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { configChangedChannel } from '@sluice/contracts';
import { loadConfigSnapshot } from '@sluice/db';
import { hashApiKey } from '@sluice/governance';
import { createUser, KEY_PEPPER, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { auditActionsOf, callerFor } from '../tenancy/tenancy-test-calls';

type AccountBody = { id: string; orgId: string; name: string; role: string; teamId: string | null; disabledAt: string | null };
type TokenBody = { token: { id: string; displayPrefix: string; lastUsedAt: string | null }; secret: string };

describe('service accounts and their bearer tokens (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let call: ReturnType<typeof callerFor>;
  let admin: SignedIn;
  let auditor: SignedIn;
  let dev: SignedIn;
  let outsider: SignedIn;
  let otherOrgId: string;

  const bearer = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
    h.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload ? { payload } : {}) });

  async function accountWithToken(body: object, who = admin): Promise<{ account: AccountBody; secret: string; tokenId: string }> {
    const res = await call(who, 'POST', '/api/v1/service-accounts', body);
    expect(res.statusCode).toBe(201);
    const account = res.json() as AccountBody;
    const token = (await call(who, 'POST', `/api/v1/service-accounts/${account.id}/tokens`, { name: 'ci' })).json() as TokenBody;
    return { account, secret: token.secret, tokenId: token.token.id };
  }

  beforeAll(async () => {
    h = await startAdminApiHarness();
    call = callerFor(h);
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    otherOrgId = org.id;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'admin@other.test', otherOrgId, 'admin');
    [admin, auditor, dev, outsider] = await Promise.all([h.adminEmail, 'auditor@acme.test', 'dev@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('admins create, read, change and delete service accounts (audited); auditors read; developers are refused', async () => {
    const created = await call(admin, 'POST', '/api/v1/service-accounts', { name: 'deployer', role: 'developer', teamId: h.teamId, description: 'CD pipeline' });
    expect(created.statusCode).toBe(201);
    const account = created.json() as AccountBody;
    expect(account).toMatchObject({ orgId: h.orgId, name: 'deployer', role: 'developer', teamId: h.teamId, disabledAt: null });
    expect((await call(admin, 'POST', '/api/v1/service-accounts', { name: 'deployer', role: 'viewer' })).statusCode).toBe(409);
    expect((await call(auditor, 'GET', `/api/v1/service-accounts/${account.id}`)).statusCode).toBe(200);
    expect((await call(dev, 'GET', '/api/v1/service-accounts')).statusCode).toBe(403);
    expect((await call(auditor, 'POST', '/api/v1/service-accounts', { name: 'x', role: 'viewer' })).statusCode).toBe(403);
    const changed = await call(admin, 'PATCH', `/api/v1/service-accounts/${account.id}`, { role: 'viewer', teamId: null, disabled: true });
    expect(changed.json()).toMatchObject({ role: 'viewer', teamId: null, disabledAt: expect.any(String) });
    expect((await call(admin, 'GET', '/api/v1/service-accounts?includeDisabled=false&q=deploy')).json()).toEqual({ items: [], nextCursor: null });
    expect((await call(admin, 'DELETE', `/api/v1/service-accounts/${account.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/service-accounts/${account.id}`)).statusCode).toBe(404);
    expect(await auditActionsOf(h, account.id)).toEqual(['service_account.created', 'service_account.updated', 'service_account.deleted']);
  });

  it('refuses owner roles, team roles without a team, mass assignment (400) and other orgs’ accounts and teams (404)', async () => {
    expect((await call(admin, 'POST', '/api/v1/service-accounts', { name: 'boss', role: 'owner' })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/service-accounts', { name: 'teamless', role: 'developer' })).statusCode).toBe(400);
    for (const extra of [{ orgId: otherOrgId }, { disabledAt: null }, { id: otherOrgId }]) {
      expect((await call(admin, 'POST', '/api/v1/service-accounts', { name: 'mass', role: 'viewer', ...extra })).statusCode).toBe(400);
    }
    const [team] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'theirs') RETURNING id`, [otherOrgId])) as Array<{ id: string }>;
    expect((await call(admin, 'POST', '/api/v1/service-accounts', { name: 'cross', role: 'developer', teamId: team.id })).statusCode).toBe(404);
    const { account } = await accountWithToken({ name: 'mine', role: 'viewer' });
    for (const [method, url] of [
      ['GET', `/api/v1/service-accounts/${account.id}`],
      ['PATCH', `/api/v1/service-accounts/${account.id}`],
      ['DELETE', `/api/v1/service-accounts/${account.id}`],
      ['GET', `/api/v1/service-accounts/${account.id}/tokens`],
      ['POST', `/api/v1/service-accounts/${account.id}/tokens`],
    ] as const) {
      expect((await call(outsider, method, url, method === 'GET' || method === 'DELETE' ? undefined : { name: 'x' })).statusCode).toBe(404);
    }
  });

  it('a token is shown once, stored as its HMAC, listed by prefix; its calls need no CSRF and are audited as the service account', async () => {
    const { account, secret, tokenId } = await accountWithToken({ name: 'ci', role: 'developer', teamId: h.teamId });
    expect(secret).toMatch(/^sat-sluice-[A-Za-z0-9_-]{43}$/);
    const [row] = (await h.dataSource.query('SELECT hash FROM service_account_tokens WHERE id = $1', [tokenId])) as Array<{ hash: string }>;
    expect(row.hash).toBe(hashApiKey(KEY_PEPPER, secret));
    const listed = (await call(auditor, 'GET', `/api/v1/service-accounts/${account.id}/tokens`)).json() as { items: Array<Record<string, unknown>> };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ id: tokenId, displayPrefix: secret.slice(0, 19) });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain(row.hash);

    const teams = await bearer(secret, 'GET', '/api/v1/teams');
    expect(teams.statusCode).toBe(200);
    expect((teams.json() as { items: Array<{ id: string }> }).items.map((t) => t.id)).toEqual([h.teamId]);
    const key = await bearer(secret, 'POST', '/api/v1/api-keys', { name: 'from-ci', teamId: h.teamId });
    expect(key.statusCode).toBe(201);
    const keyId = (key.json() as { key: { id: string; userId: string | null; serviceAccountId: string } }).key;
    expect(keyId).toMatchObject({ userId: null, serviceAccountId: account.id });
    const [event] = (await h.dataSource.query(`SELECT actor_type, actor_id, actor_auth_method FROM audit_events WHERE target_id = $1`, [keyId.id])) as Array<Record<string, string>>;
    expect(event).toEqual({ actor_type: 'service_account', actor_id: account.id, actor_auth_method: 'api_key' });
    expect(((await bearer(secret, 'GET', '/api/v1/api-keys')).json() as { items: Array<{ id: string }> }).items.map((k) => k.id)).toEqual([keyId.id]);
    const [used] = (await h.dataSource.query('SELECT last_used_at FROM service_account_tokens WHERE id = $1', [tokenId])) as Array<{ last_used_at: Date | null }>;
    expect(used.last_used_at).not.toBeNull();
  });

  it('bearer callers get exactly their role, and cannot use session routes or manage service accounts', async () => {
    const { secret: viewerToken } = await accountWithToken({ name: 'reader', role: 'viewer' });
    expect((await bearer(viewerToken, 'GET', '/api/v1/orgs/current')).statusCode).toBe(200);
    expect((await bearer(viewerToken, 'POST', '/api/v1/api-keys', { name: 'x', teamId: h.teamId })).statusCode).toBe(403);
    expect((await bearer(viewerToken, 'GET', '/api/v1/users')).statusCode).toBe(403);
    const { secret: adminToken } = await accountWithToken({ name: 'automation', role: 'admin' });
    expect((await bearer(adminToken, 'GET', '/api/v1/users')).statusCode).toBe(200);
    expect((await bearer(adminToken, 'POST', '/api/v1/teams', { name: 'made-by-bot' })).statusCode).toBe(201);
    const minted = await bearer(adminToken, 'POST', '/api/v1/service-accounts', { name: 'escalate', role: 'admin' });
    expect(minted.statusCode).toBe(403);
    expect((minted.json() as { type: string }).type).toBe('urn:sluice:problem:session-required');
    expect((await bearer(adminToken, 'GET', '/api/v1/auth/me')).statusCode).toBe(403);
    expect((await bearer(adminToken, 'POST', '/api/v1/orgs', { name: 'Bot org', slug: 'bot-org' })).statusCode).toBe(403);
  });

  it('rejects wrong, malformed, revoked and expired tokens, disabled accounts, and tokens of another org', async () => {
    const unauthenticated = async (token: string) => {
      const res = await bearer(token, 'GET', '/api/v1/teams');
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    };
    await unauthenticated(`sat-sluice-${randomBytes(32).toString('base64url')}`);
    await unauthenticated('not-a-token');
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/teams', headers: { authorization: 'Bearer' } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/teams', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);

    const revoked = await accountWithToken({ name: 'revoked-bot', role: 'viewer' });
    expect((await bearer(revoked.secret, 'GET', '/api/v1/teams')).statusCode).toBe(200);
    const res = await call(admin, 'POST', `/api/v1/service-accounts/${revoked.account.id}/tokens/${revoked.tokenId}/revoke`, {});
    expect(res.statusCode).toBe(200);
    expect((await call(admin, 'POST', `/api/v1/service-accounts/${revoked.account.id}/tokens/${revoked.tokenId}/revoke`, {})).statusCode).toBe(409);
    await unauthenticated(revoked.secret);

    const expired = await accountWithToken({ name: 'expired-bot', role: 'viewer' });
    await h.dataSource.query(`UPDATE service_account_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.tokenId]);
    await unauthenticated(expired.secret);
    expect((await call(admin, 'POST', `/api/v1/service-accounts/${expired.account.id}/tokens`, { name: 'past', expiresAt: '2000-01-01T00:00:00Z' })).statusCode).toBe(400);

    const disabled = await accountWithToken({ name: 'disabled-bot', role: 'viewer' });
    await call(admin, 'PATCH', `/api/v1/service-accounts/${disabled.account.id}`, { disabled: true });
    await unauthenticated(disabled.secret);
    expect((await call(admin, 'POST', `/api/v1/service-accounts/${disabled.account.id}/tokens`, { name: 'again' })).statusCode).toBe(409);

    const foreign = await accountWithToken({ name: 'foreign-bot', role: 'admin' }, outsider);
    expect((await bearer(foreign.secret, 'GET', '/api/v1/teams', undefined, { 'x-sluice-org': h.orgId })).statusCode).toBe(403);
    expect((await bearer(foreign.secret, 'GET', `/api/v1/teams/${h.teamId}`)).statusCode).toBe(404);
    expect((await bearer(foreign.secret, 'GET', `/api/v1/service-accounts/${revoked.account.id}`)).statusCode).toBe(404);
    expect(((await bearer(foreign.secret, 'GET', '/api/v1/api-keys')).json() as { items: unknown[] }).items).toEqual([]);
  });

  it('an account that owns keys cannot be deleted (409): disable it instead', async () => {
    const { account } = await accountWithToken({ name: 'key-owner', role: 'developer', teamId: h.teamId });
    expect((await call(admin, 'POST', '/api/v1/api-keys', { name: 'owned', teamId: h.teamId, serviceAccountId: account.id })).statusCode).toBe(201);
    expect((await call(admin, 'DELETE', `/api/v1/service-accounts/${account.id}`)).statusCode).toBe(409);
  });

  it("disabling an account stops its API keys at the gateways (a new config version, announced); enabling it gives them back", async () => {
    const { account } = await accountWithToken({ name: 'nightly-batch', role: 'developer', teamId: h.teamId });
    const created = await call(admin, 'POST', '/api/v1/api-keys', { name: 'batch-key', teamId: h.teamId, serviceAccountId: account.id });
    const keyId = (created.json() as { key: { id: string } }).key.id;
    const gatewayView = async () => (await loadConfigSnapshot(h.dataSource)).keys.find((k) => k.id === keyId);
    const announced: string[] = [];
    const subscriber = new Redis(h.redis.url);
    await subscriber.subscribe(configChangedChannel(h.config.QUEUE_PREFIX));
    subscriber.on('message', (_channel, message: string) => announced.push(message));
    try {
      expect(await gatewayView()).toMatchObject({ revoked: false });
      const before = (await loadConfigSnapshot(h.dataSource)).version;

      expect((await call(admin, 'PATCH', `/api/v1/service-accounts/${account.id}`, { disabled: true })).statusCode).toBe(200);
      const disabled = await loadConfigSnapshot(h.dataSource);
      expect(disabled.version).toBeGreaterThan(before);
      expect(disabled.keys.find((k) => k.id === keyId)).toMatchObject({ revoked: true });
      await until(() => announced.length >= 1);

      expect((await call(admin, 'PATCH', `/api/v1/service-accounts/${account.id}`, { description: 'renamed only' })).statusCode).toBe(200);
      expect((await loadConfigSnapshot(h.dataSource)).version).toBe(disabled.version);

      expect((await call(admin, 'PATCH', `/api/v1/service-accounts/${account.id}`, { disabled: false })).statusCode).toBe(200);
      expect(await gatewayView()).toMatchObject({ revoked: false });
      // The key itself was never revoked: the admin API still lists it as active.
      const listed = (await call(admin, 'GET', '/api/v1/api-keys')).json() as { items: Array<{ id: string; revokedAt: string | null }> };
      expect(listed.items.find((k) => k.id === keyId)).toMatchObject({ revokedAt: null });
    } finally {
      await subscriber.quit();
    }
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
}
