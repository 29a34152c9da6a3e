import { Redis } from 'ioredis';
import { verifyAuditChain } from '@sluice/audit';
import { configChangedChannel } from '@sluice/contracts';
import { getConfigVersion } from '@sluice/db';
import { hashApiKey } from '@sluice/governance';
import { createUser, KEY_PEPPER, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

describe('API keys: self-service lifecycle, object-level authorization, config publishing (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let otherOrgId: string;
  let otherTeamId: string;
  let admin: SignedIn;
  let dev: SignedIn;
  let dev2: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;

  const call = (who: SignedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    otherOrgId = org.id;
    const [team] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'others') RETURNING id`, [otherOrgId])) as Array<{ id: string }>;
    otherTeamId = team.id;
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'dev2@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'viewer@acme.test', h.orgId, 'viewer');
    await createUser(h.dataSource, 'admin@other.test', otherOrgId, 'admin');
    [admin, dev, dev2, viewer, outsider] = await Promise.all(
      [h.adminEmail, 'dev@acme.test', 'dev2@acme.test', 'viewer@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a developer creates a key for their team: secret shown once, only its HMAC stored, version bumped, audited', async () => {
    const before = await getConfigVersion(h.dataSource);
    const res = await call(dev, 'POST', '/api/v1/api-keys', { name: 'ci', teamId: h.teamId, allowedModels: ['gpt-4o-mini'], metadata: { cost_center: 'r-and-d' } });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { secret: string; key: { id: string; displayPrefix: string; teamId: string; orgId: string } };
    expect(body.secret).toMatch(/^sk-sluice-/);
    expect(body.key).toMatchObject({ teamId: h.teamId, orgId: h.orgId, displayPrefix: body.secret.slice(0, 18) });
    expect(JSON.stringify(body.key)).not.toContain('hash');
    const [row] = (await h.dataSource.query('SELECT hash FROM api_keys WHERE id = $1', [body.key.id])) as Array<{ hash: string }>;
    expect(row.hash).toBe(hashApiKey(KEY_PEPPER, body.secret));
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    const events = (await h.dataSource.query(`SELECT action, after FROM audit_events WHERE org_id = $1 AND target_id = $2`, [h.orgId, body.key.id])) as Array<{ action: string; after: object }>;
    expect(events.map((e) => e.action)).toEqual(['api_key.created']);
    expect(JSON.stringify(events[0].after)).not.toContain(body.secret);
  });

  it('rejects mass assignment of org/owner/hash fields, unknown models and teams the caller is not in', async () => {
    for (const extra of [{ orgId: otherOrgId }, { userId: '00000000-0000-4000-8000-000000000000' }, { hash: 'x' }, { revokedAt: null }]) {
      const res = await call(dev, 'POST', '/api/v1/api-keys', { name: 'x', teamId: h.teamId, ...extra });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call(dev, 'POST', '/api/v1/api-keys', { name: 'x', teamId: h.teamId, allowedModels: ['no-such-model'] })).statusCode).toBe(400);
    expect((await call(dev, 'POST', '/api/v1/api-keys', { name: 'x', teamId: otherTeamId })).statusCode).toBe(404);
    expect((await call(viewer, 'POST', '/api/v1/api-keys', { name: 'x', teamId: h.teamId })).statusCode).toBe(403);
  });

  it('lists own keys for developers, every org key for admins, with a cursor', async () => {
    for (let i = 0; i < 3; i++) expect((await call(dev2, 'POST', '/api/v1/api-keys', { name: `k${i}`, teamId: h.teamId })).statusCode).toBe(201);
    const mine = (await call(dev2, 'GET', '/api/v1/api-keys')).json() as { items: Array<{ userId: string }> };
    expect(mine.items).toHaveLength(3);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(admin, 'GET', `/api/v1/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: Array<{ id: string }>; nextCursor: string | null };
      all.push(...page.items.map((k) => k.id));
      cursor = page.nextCursor;
    } while (cursor);
    const count = (await h.dataSource.query('SELECT count(*)::int AS n FROM api_keys WHERE org_id = $1', [h.orgId])) as Array<{ n: number }>;
    expect(all).toHaveLength(count[0].n);
    expect(new Set(all).size).toBe(all.length);
    expect(((await call(outsider, 'GET', '/api/v1/api-keys')).json() as { items: unknown[] }).items).toEqual([]);
  });

  it('names each key’s team and owner in every answer, also to an admin outside the team; audit events record the key alone', async () => {
    const created = await call(dev, 'POST', '/api/v1/api-keys', { name: 'named-team', teamId: h.teamId });
    const [{ name: teamName }] = (await h.dataSource.query('SELECT name FROM teams WHERE id = $1', [h.teamId])) as Array<{ name: string }>;
    const { key } = created.json() as { key: { id: string; teamName: string; ownerName: string | null } };
    expect(key.teamName).toBe(teamName);
    expect(key.ownerName).toBe('dev@acme.test');

    // The admin holds no team membership; the team's name comes from the API, renamed or not.
    await h.dataSource.query('UPDATE teams SET name = $2 WHERE id = $1', [h.teamId, `${teamName} (renamed)`]);
    try {
      const listed = (await call(admin, 'GET', '/api/v1/api-keys?limit=200')).json() as { items: Array<{ id: string; teamId: string | null; teamName: string | null; ownerName: string | null }> };
      expect(listed.items.find((k) => k.id === key.id)).toMatchObject({ teamId: h.teamId, teamName: `${teamName} (renamed)`, ownerName: 'dev@acme.test' });
      expect(listed.items.every((k) => k.teamId === h.teamId && k.teamName === `${teamName} (renamed)`)).toBe(true);
      const rotated = (await call(admin, 'POST', `/api/v1/api-keys/${key.id}/rotate`, {})).json() as { key: { teamName: string; ownerName: string } };
      expect(rotated.key).toMatchObject({ teamName: `${teamName} (renamed)`, ownerName: 'dev@acme.test' });
      const revoked = (await call(admin, 'POST', `/api/v1/api-keys/${key.id}/revoke`, {})).json() as { teamName: string; ownerName: string };
      expect(revoked).toMatchObject({ teamName: `${teamName} (renamed)`, ownerName: 'dev@acme.test' });
    } finally {
      await h.dataSource.query('UPDATE teams SET name = $2 WHERE id = $1', [h.teamId, teamName]);
    }
    const events = (await h.dataSource.query(`SELECT action, before, after FROM audit_events WHERE target_id = $1 ORDER BY seq`, [key.id])) as Array<{ action: string; before: object | null; after: object }>;
    expect(events.map((e) => e.action)).toEqual(['api_key.created', 'api_key.rotated', 'api_key.revoked']);
    for (const e of events) {
      expect(e.after).not.toHaveProperty('teamName');
      expect(e.after).not.toHaveProperty('ownerName');
      if (e.before) expect(e.before).not.toHaveProperty('teamName');
    }
  });

  it('hides other users’ and other orgs’ keys (404) and lets admins revoke any key in their org', async () => {
    const created = (await call(dev, 'POST', '/api/v1/api-keys', { name: 'private', teamId: h.teamId })).json() as { key: { id: string } };
    const id = created.key.id;
    expect((await call(dev2, 'POST', `/api/v1/api-keys/${id}/revoke`, {})).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/v1/api-keys/${id}/revoke`, {})).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/v1/api-keys/${id}/rotate`, {})).statusCode).toBe(404);
    expect((await call(admin, 'POST', `/api/v1/api-keys/${id}/revoke`, {})).statusCode).toBe(200);
    expect((await call(admin, 'POST', `/api/v1/api-keys/${id}/revoke`, {})).statusCode).toBe(409);
    expect((await call(admin, 'POST', `/api/v1/api-keys/not-a-uuid/revoke`, {})).statusCode).toBe(404);
  });

  it('rotating returns a new secret and replaces the stored hash', async () => {
    const created = (await call(dev, 'POST', '/api/v1/api-keys', { name: 'rotate-me', teamId: h.teamId })).json() as { key: { id: string }; secret: string };
    const res = await call(dev, 'POST', `/api/v1/api-keys/${created.key.id}/rotate`, {});
    expect(res.statusCode).toBe(200);
    const rotated = res.json() as { secret: string };
    expect(rotated.secret).not.toBe(created.secret);
    const [row] = (await h.dataSource.query('SELECT hash FROM api_keys WHERE id = $1', [created.key.id])) as Array<{ hash: string }>;
    expect(row.hash).toBe(hashApiKey(KEY_PEPPER, rotated.secret));
  });

  it('revoking through the API bumps the config version and publishes it on the config channel after commit', async () => {
    const created = (await call(dev, 'POST', '/api/v1/api-keys', { name: 'to-revoke', teamId: h.teamId })).json() as { key: { id: string } };
    const subscriber = new Redis(h.redis.url, { maxRetriesPerRequest: 1 });
    try {
      const messages: string[] = [];
      subscriber.on('message', (_channel: string, message: string) => messages.push(message));
      await subscriber.subscribe(configChangedChannel(h.config.QUEUE_PREFIX));
      const before = await getConfigVersion(h.dataSource);
      const res = await call(dev, 'POST', `/api/v1/api-keys/${created.key.id}/revoke`, {});
      expect(res.statusCode).toBe(200);
      expect((res.json() as { revokedAt: string | null }).revokedAt).not.toBeNull();
      expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
      const deadline = Date.now() + 2000;
      while (messages.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(messages.map((m) => JSON.parse(m) as unknown)).toEqual([{ version: before + 1 }]);
    } finally {
      await subscriber.quit();
    }
    const actions = (await h.dataSource.query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq`, [created.key.id])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(await verifyAuditChain(h.dataSource, h.orgId)).toMatchObject({ ok: true });
  });

  it('renames, re-tags and changes the expiry of a key (strict body, audited, version bumped); other users get 404', async () => {
    const created = (await call(dev, 'POST', '/api/v1/api-keys', { name: 'patch-me', teamId: h.teamId })).json() as { key: { id: string } };
    const url = `/api/v1/api-keys/${created.key.id}`;
    for (const body of [{ teamId: otherTeamId }, { userId: null }, { allowedModels: [] }, { hash: 'x' }, {}]) {
      expect((await call(dev, 'PATCH', url, body)).statusCode).toBe(400);
    }
    expect((await call(dev2, 'PATCH', url, { name: 'mine' })).statusCode).toBe(404);
    expect((await call(outsider, 'PATCH', url, { name: 'mine' })).statusCode).toBe(404);
    const before = await getConfigVersion(h.dataSource);
    const res = await call(dev, 'PATCH', url, { name: 'renamed', metadata: { env: 'prod' }, expiresAt: '2099-01-01T00:00:00Z' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'renamed', metadata: { env: 'prod' }, expiresAt: '2099-01-01T00:00:00.000Z' });
    expect((await call(dev, 'PATCH', url, { expiresAt: null })).json()).toMatchObject({ expiresAt: null });
    expect(await getConfigVersion(h.dataSource)).toBe(before + 2);
    const actions = (await h.dataSource.query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq`, [created.key.id])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['api_key.created', 'api_key.updated', 'api_key.updated']);
  });

  it('rotation with a grace period keeps the old hash until it ends (at most 7 days); a second rotation or a revoke ends it', async () => {
    const created = (await call(dev, 'POST', '/api/v1/api-keys', { name: 'graceful', teamId: h.teamId })).json() as { key: { id: string }; secret: string };
    const url = `/api/v1/api-keys/${created.key.id}`;
    expect((await call(dev, 'POST', `${url}/rotate`, { gracePeriodSeconds: 7 * 86400 + 1 })).statusCode).toBe(400);
    const res = await call(dev, 'POST', `${url}/rotate`, { gracePeriodSeconds: 3600 });
    expect(res.statusCode).toBe(200);
    const until = Date.parse((res.json() as { key: { previousSecretExpiresAt: string } }).key.previousSecretExpiresAt);
    expect(until).toBeGreaterThan(Date.now() + 3500_000);
    const row = async () => ((await h.dataSource.query('SELECT hash, previous_hash FROM api_keys WHERE id = $1', [created.key.id])) as Array<{ hash: string; previous_hash: string | null }>)[0];
    expect((await row()).previous_hash).toBe(hashApiKey(KEY_PEPPER, created.secret));
    const again = (await call(dev, 'POST', `${url}/rotate`, {})).json() as { key: { previousSecretExpiresAt: string | null } };
    expect(again.key.previousSecretExpiresAt).toBeNull();
    expect((await row()).previous_hash).toBeNull();
    await call(dev, 'POST', `${url}/rotate`, { gracePeriodSeconds: 60 });
    expect((await call(dev, 'POST', `${url}/revoke`, {})).json()).toMatchObject({ previousSecretExpiresAt: null });
    expect((await row()).previous_hash).toBeNull();
  });

  it('keys of a team with an allow-list stay within it: 400 naming the other models; no list means the team’s list', async () => {
    const [team] = (await h.dataSource.query(`INSERT INTO teams (org_id, name, allowed_models) VALUES ($1, 'restricted', '{gpt-5-nano,gpt-5-mini}') RETURNING id`, [h.orgId])) as Array<{ id: string }>;
    await h.dataSource.query(`INSERT INTO memberships (user_id, org_id, team_id, role) SELECT id, $1, $2, 'developer' FROM users WHERE email = 'dev@acme.test'`, [h.orgId, team.id]);
    const dev3 = await signIn(h.app, 'dev@acme.test');
    const refused = await call(dev3, 'POST', '/api/v1/api-keys', { name: 'too-wide', teamId: team.id, allowedModels: ['gpt-5-nano', 'gpt-5', 'gpt-4.1'] });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { errors: Array<{ message: string }> }).errors.map((e) => e.message)).toEqual(['model gpt-5 is not allowed for the team', 'model gpt-4.1 is not allowed for the team']);
    const narrow = await call(dev3, 'POST', '/api/v1/api-keys', { name: 'narrow', teamId: team.id, allowedModels: ['gpt-5-nano'] });
    expect((narrow.json() as { key: { allowedModels: string[] } }).key.allowedModels).toEqual(['gpt-5-nano']);
    const inherited = await call(dev3, 'POST', '/api/v1/api-keys', { name: 'inherited', teamId: team.id });
    expect((inherited.json() as { key: { allowedModels: string[] } }).key.allowedModels).toEqual(['gpt-5-nano', 'gpt-5-mini']);
  });

  it('owners and admins create keys for a service account; developers may not name one (400) nor change its keys (404/403)', async () => {
    const [account] = (await h.dataSource.query(`INSERT INTO service_accounts (org_id, team_id, name, role) VALUES ($1, $2, 'ci-bot', 'developer') RETURNING id`, [h.orgId, h.teamId])) as Array<{ id: string }>;
    const [foreign] = (await h.dataSource.query(`INSERT INTO service_accounts (org_id, name, role) VALUES ($1, 'foreign-bot', 'viewer') RETURNING id`, [otherOrgId])) as Array<{ id: string }>;
    expect((await call(dev, 'POST', '/api/v1/api-keys', { name: 'sa', teamId: h.teamId, serviceAccountId: account.id })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/api-keys', { name: 'sa', teamId: h.teamId, serviceAccountId: foreign.id })).statusCode).toBe(404);
    const res = await call(admin, 'POST', '/api/v1/api-keys', { name: 'sa', teamId: h.teamId, serviceAccountId: account.id });
    expect(res.statusCode).toBe(201);
    const key = (res.json() as { key: { id: string; userId: string | null; serviceAccountId: string } }).key;
    expect(key).toMatchObject({ userId: null, serviceAccountId: account.id, ownerName: 'ci-bot (service account)' });
    expect((await call(dev, 'POST', `/api/v1/api-keys/${key.id}/revoke`, {})).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', `/api/v1/api-keys/${key.id}`, { name: 'ci-bot key' })).statusCode).toBe(200);
  });

  it('needs the CSRF token for key mutations', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: dev.cookie }, payload: { name: 'x', teamId: h.teamId } });
    expect(res.statusCode).toBe(403);
  });
});
