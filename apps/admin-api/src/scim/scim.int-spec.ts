import type { Redis } from 'ioredis';
import { waitFor } from '@sluice/testing';
import { REDIS } from '../redis.token';
import { SessionStore } from '../auth/session.store';
import { hashScimToken } from './scim-tokens.service';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

const SCIM_JSON = 'application/scim+json';

describe('SCIM 2.0 as Okta and Entra ID call it (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let token: string;
  let tokenId: string;

  const scim = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, bearer = token) =>
    h.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}`, ...(payload ? { 'content-type': SCIM_JSON } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
  const adminCall = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, ...(payload ? { payload } : {}) });
  const membershipsOf = async (email: string) =>
    ((await h.dataSource.query('SELECT m.team_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE lower(u.email) = lower($1) ORDER BY m.team_id NULLS FIRST', [email])) as Array<{ team_id: string | null; role: string }>).map((m) => [m.team_id, m.role]);

  beforeAll(async () => {
    h = await startAdminApiHarness();
    admin = await signIn(h.app, h.adminEmail);
    const created = await adminCall('POST', '/api/v1/scim/tokens', { name: 'Okta' });
    expect(created.statusCode).toBe(201);
    ({ secret: token, token: { id: tokenId } } = created.json() as { secret: string; token: { id: string } });
    const connection = await adminCall('POST', '/api/v1/sso/connections', { type: 'oidc', name: 'Okta', issuer: 'https://acme.okta.example', clientId: 'c', clientSecret: 's' });
    const connectionId = (connection.json() as { id: string }).id;
    expect((await adminCall('POST', `/api/v1/sso/connections/${connectionId}/mappings`, { idpGroup: 'Engineering', teamId: h.teamId, teamRole: 'developer' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the token once and stores only its hash', async () => {
    expect(token).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
    const list = await adminCall('GET', '/api/v1/scim/tokens');
    expect(JSON.stringify(list.json())).not.toContain(token);
    const [row] = (await h.dataSource.query('SELECT hash FROM scim_tokens WHERE id = $1', [tokenId])) as Array<{ hash: string }>;
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 401 in the SCIM error format without a valid token, and ignores session cookies', async () => {
    for (const res of [
      await h.app.inject({ method: 'GET', url: '/scim/v2/Users' }),
      await scim('GET', '/scim/v2/Users', undefined, `scim_${'A'.repeat(43)}`),
      await h.app.inject({ method: 'GET', url: '/scim/v2/Users', headers: { cookie: admin.cookie } }),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain(SCIM_JSON);
      expect(res.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    }
  });

  let oktaUserId: string;

  it('Okta: creates a user, finds it by userName filter, refuses a duplicate', async () => {
    const created = await scim('POST', '/scim/v2/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'okta.user@acme.test',
      name: { givenName: 'Okta', familyName: 'User' },
      emails: [{ primary: true, value: 'okta.user@acme.test', type: 'work' }],
      displayName: 'Okta User',
      locale: 'en-US',
      externalId: '00u1abcd',
      groups: [],
      password: 'ignored-1!',
      active: true,
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toContain(SCIM_JSON);
    const body = created.json() as { id: string; userName: string; active: boolean; meta: { resourceType: string; location: string } };
    expect(body).toMatchObject({ userName: 'okta.user@acme.test', active: true, meta: { resourceType: 'User' } });
    oktaUserId = body.id;
    expect(await membershipsOf('okta.user@acme.test')).toEqual([[null, 'viewer']]);

    const found = await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "okta.user@acme.test"')}&startIndex=1&count=100`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id: oktaUserId }] });
    const none = await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "nobody@acme.test"')}`);
    expect(none.json()).toMatchObject({ totalResults: 0, Resources: [] });

    const duplicate = await scim('POST', '/scim/v2/Users', { userName: 'OKTA.USER@acme.test', emails: [{ value: 'okta.user@acme.test', primary: true }] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ scimType: 'uniqueness' });
    const badFilter = await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('title co "x"')}`);
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.json()).toMatchObject({ scimType: 'invalidFilter' });
  });

  it('Okta: group push maps members to team memberships; member add/remove follow', async () => {
    const group = await scim('POST', '/scim/v2/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [{ value: oktaUserId, display: 'okta.user@acme.test' }] });
    expect(group.statusCode).toBe(201);
    const groupId = (group.json() as { id: string }).id;
    expect(await membershipsOf('okta.user@acme.test')).toEqual([[h.teamId, 'developer']]);

    const removed = await scim('PATCH', `/scim/v2/Groups/${groupId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: `members[value eq "${oktaUserId}"]` }] });
    expect(removed.statusCode).toBe(200);
    expect(await membershipsOf('okta.user@acme.test')).toEqual([[null, 'viewer']]);

    const added = await scim('PATCH', `/scim/v2/Groups/${groupId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: oktaUserId }] }] });
    expect(added.statusCode).toBe(200);
    expect((added.json() as { members: Array<{ value: string }> }).members).toEqual([expect.objectContaining({ value: oktaUserId })]);
    expect(await membershipsOf('okta.user@acme.test')).toEqual([[h.teamId, 'developer']]);

    const byName = await scim('GET', `/scim/v2/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}&excludedAttributes=members`);
    expect(byName.json()).toMatchObject({ totalResults: 1, Resources: [{ id: groupId, displayName: 'Engineering', members: [] }] });
  });

  it('Okta: PATCH replace active false deactivates the user, ends their sessions and revokes their keys', async () => {
    const [user] = (await h.dataSource.query(`SELECT id FROM users WHERE email = 'okta.user@acme.test'`)) as Array<{ id: string }>;
    const sessions = h.app.get(SessionStore);
    const session = await sessions.create(user.id);
    await h.dataSource.query(`INSERT INTO api_keys (org_id, team_id, user_id, name, display_prefix, hash) VALUES ($1, $2, $3, 'k', 'sk-sluice-x', $4)`, [h.orgId, h.teamId, user.id, 'a'.repeat(64)]);
    const [{ version: before }] = (await h.dataSource.query('SELECT max(version)::int AS version FROM config_versions')) as Array<{ version: number }>;
    const subscriber = h.app.get<Redis>(REDIS).duplicate();
    const published: string[] = [];
    await subscriber.subscribe(`${h.config.QUEUE_PREFIX}:config-changed`);
    subscriber.on('message', (_channel, message) => published.push(message));

    const res = await scim('PATCH', `/scim/v2/Users/${oktaUserId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false });
    expect(await sessions.touch(session.id)).toBeNull();
    const [row] = (await h.dataSource.query('SELECT status FROM users WHERE id = $1', [user.id])) as Array<{ status: string }>;
    expect(row.status).toBe('deactivated');
    const [key] = (await h.dataSource.query('SELECT revoked_at FROM api_keys WHERE user_id = $1', [user.id])) as Array<{ revoked_at: Date | null }>;
    expect(key.revoked_at).not.toBeNull();
    const [{ version: after }] = (await h.dataSource.query('SELECT max(version)::int AS version FROM config_versions')) as Array<{ version: number }>;
    expect(after).toBeGreaterThan(before ?? 0);
    const audit = (await h.dataSource.query(`SELECT actor_type, actor_id, actor_auth_method FROM audit_events WHERE org_id = $1 AND action = 'scim.user_deactivated'`, [h.orgId])) as Array<Record<string, string>>;
    expect(audit).toEqual([{ actor_type: 'scim', actor_id: tokenId, actor_auth_method: 'scim_token' }]);
    // The session revocation and the key revocation are in the audit trail too.
    const trail = (await h.dataSource.query(
      `SELECT action, actor_type, after FROM audit_events WHERE org_id = $1 AND action IN ('scim.user_deactivated', 'auth.sessions_revoked', 'api_key.revoked') AND (target_id = $2 OR after->>'userId' = $2) ORDER BY seq`,
      [h.orgId, user.id],
    )) as Array<{ action: string; actor_type: string; after: Record<string, unknown> }>;
    expect(trail.map((e) => [e.action, e.actor_type])).toEqual([['scim.user_deactivated', 'scim'], ['auth.sessions_revoked', 'scim'], ['api_key.revoked', 'scim']]);
    expect(trail[1].after).toMatchObject({ reason: 'scim_deactivation' });
    await waitFor(async () => published.some((m) => (JSON.parse(m) as { version: number }).version === after));
    await subscriber.quit();
  });

  it('Entra ID: creates with externalId, filters by it, PATCH Replace path active "False", PUT, DELETE', async () => {
    const created = await scim('POST', '/scim/v2/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: 'entra-object-1',
      userName: 'entra.user@acme.test',
      active: true,
      displayName: 'Entra User',
      emails: [{ primary: true, type: 'work', value: 'entra.user@acme.test' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const byExternal = await scim('GET', `/scim/v2/Users?filter=${encodeURIComponent('externalId eq "entra-object-1"')}`);
    expect(byExternal.json()).toMatchObject({ totalResults: 1, Resources: [{ id }] });

    const patched = await scim('PATCH', `/scim/v2/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Entra Renamed' },
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'title', value: 'Engineer' },
      ],
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ displayName: 'Entra Renamed', active: false });

    const put = await scim('PUT', `/scim/v2/Users/${id}`, { userName: 'entra.user@acme.test', displayName: 'Entra Back', emails: [{ value: 'entra.user@acme.test', primary: true }], active: true, externalId: 'entra-object-1' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ displayName: 'Entra Back', active: true });

    const group = await scim('POST', '/scim/v2/Groups', { displayName: 'Engineering-2', externalId: 'g-2' });
    const groupId = (group.json() as { id: string }).id;
    const entraAdd = await scim('PATCH', `/scim/v2/Groups/${groupId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Add', path: 'members', value: [{ value: id }] }] });
    expect(entraAdd.statusCode).toBe(200);
    const entraRemove = await scim('PATCH', `/scim/v2/Groups/${groupId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Remove', path: 'members', value: [{ value: id }] }] });
    expect((entraRemove.json() as { members: unknown[] }).members).toEqual([]);
    const rename = await scim('PATCH', `/scim/v2/Groups/${groupId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'displayName', value: 'Platform' }] });
    expect(rename.json()).toMatchObject({ displayName: 'Platform' });

    expect((await scim('DELETE', `/scim/v2/Users/${id}`)).statusCode).toBe(204);
    expect((await scim('GET', `/scim/v2/Users/${id}`)).statusCode).toBe(404);
    expect(await membershipsOf('entra.user@acme.test')).toEqual([]);
    expect((await scim('DELETE', `/scim/v2/Groups/${groupId}`)).statusCode).toBe(204);
  });

  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await scim('GET', '/scim/v2/ServiceProviderConfig');
    expect(config.json()).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    expect((await scim('GET', '/scim/v2/ResourceTypes')).json()).toMatchObject({ totalResults: 2 });
    expect((await scim('GET', '/scim/v2/Schemas')).json()).toMatchObject({ totalResults: 2 });
  });

  it('a token set not to revoke keys: deactivation ends the sessions (audited) but leaves the keys', async () => {
    const created = await adminCall('POST', '/api/v1/scim/tokens', { name: 'Entra (keys kept)', revokeKeysOnDeactivate: false });
    expect(created.statusCode).toBe(201);
    const keepKeys = (created.json() as { secret: string }).secret;
    const user = await scim('POST', '/scim/v2/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'keeps.keys@acme.test', active: true, emails: [{ value: 'keeps.keys@acme.test', primary: true }] }, keepKeys);
    expect(user.statusCode).toBe(201);
    const scimId = (user.json() as { id: string }).id;
    const [row] = (await h.dataSource.query(`SELECT id FROM users WHERE email = 'keeps.keys@acme.test'`)) as Array<{ id: string }>;
    const session = await h.app.get(SessionStore).create(row.id);
    await h.dataSource.query(`INSERT INTO api_keys (org_id, team_id, user_id, name, display_prefix, hash) VALUES ($1, $2, $3, 'kept', 'sk-sluice-y', $4)`, [h.orgId, h.teamId, row.id, 'b'.repeat(64)]);

    const res = await scim('PATCH', `/scim/v2/Users/${scimId}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }, keepKeys);
    expect(res.statusCode).toBe(200);
    expect(await h.app.get(SessionStore).touch(session.id)).toBeNull();
    const [key] = (await h.dataSource.query('SELECT revoked_at FROM api_keys WHERE user_id = $1', [row.id])) as Array<{ revoked_at: Date | null }>;
    expect(key.revoked_at).toBeNull();
    const actions = ((await h.dataSource.query(`SELECT action FROM audit_events WHERE org_id = $1 AND target_id = $2 ORDER BY seq`, [h.orgId, row.id])) as Array<{ action: string }>).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['scim.user_created', 'scim.user_deactivated', 'auth.sessions_revoked']));
    expect(actions).not.toContain('api_key.revoked');
  });

  it('keeps orgs apart and stops a revoked token', async () => {
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other-scim') RETURNING id`)) as Array<{ id: string }>;
    const otherSecret = `scim_${'B'.repeat(43)}`;
    await h.dataSource.query(`INSERT INTO scim_tokens (org_id, name, display_prefix, hash) VALUES ($1, 'other', 'scim_BBBB', $2)`, [org.id, hashScimToken(otherSecret, h.config.SLUICE_KEY_PEPPER)]);
    expect((await scim('GET', `/scim/v2/Users/${oktaUserId}`, undefined, otherSecret)).statusCode).toBe(404);
    expect((await scim('GET', '/scim/v2/Users', undefined, otherSecret)).json()).toMatchObject({ totalResults: 0 });

    expect((await adminCall('POST', `/api/v1/scim/tokens/${tokenId}/revoke`, {})).statusCode).toBe(200);
    expect((await scim('GET', '/scim/v2/Users')).statusCode).toBe(401);
  });
});
