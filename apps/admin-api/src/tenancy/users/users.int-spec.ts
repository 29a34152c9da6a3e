import { getConfigVersion } from '@sluice/db';
import { SessionStore } from '../../auth/session.store';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { auditActionsOf, callerFor } from '../tenancy-test-calls';

type UserBody = { id: string; email: string; displayName: string; status: string; orgRole: string | null; teams: Array<{ teamId: string; role: string }> };

describe('users of an organization (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let call: ReturnType<typeof callerFor>;
  let owner: SignedIn;
  let admin: SignedIn;
  let teamAdmin: SignedIn;
  let dev: SignedIn;
  let outsider: SignedIn;
  let ownerId: string;
  let adminId: string;
  let otherOrgId: string;
  let otherOrgUserId: string;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    call = callerFor(h);
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    otherOrgId = org.id;
    ownerId = ((await h.dataSource.query('SELECT id FROM users WHERE email = $1', [h.adminEmail])) as Array<{ id: string }>)[0].id;
    adminId = await createUser(h.dataSource, 'orgadmin@acme.test', h.orgId, 'admin');
    await createUser(h.dataSource, 'lead@acme.test', h.orgId, 'team_admin', h.teamId);
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    otherOrgUserId = await createUser(h.dataSource, 'admin@other.test', otherOrgId, 'admin');
    [owner, admin, teamAdmin, dev, outsider] = await Promise.all(
      [h.adminEmail, 'orgadmin@acme.test', 'lead@acme.test', 'dev@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an admin invites a user with an org role and a team role; audited; duplicates are 409', async () => {
    const res = await call(admin, 'POST', '/api/v1/users', { email: 'new.person@acme.test', displayName: 'New Person', role: 'viewer', teams: [{ teamId: h.teamId, role: 'developer' }] });
    expect(res.statusCode).toBe(201);
    const user = res.json() as UserBody;
    expect(user).toMatchObject({ email: 'new.person@acme.test', status: 'active', orgRole: 'viewer', teams: [{ teamId: h.teamId, role: 'developer' }] });
    expect(JSON.stringify(user)).not.toContain('password');
    expect(await auditActionsOf(h, user.id)).toEqual(['user.invited']);
    expect((await call(admin, 'POST', '/api/v1/users', { email: 'New.Person@ACME.test', displayName: 'Again', role: 'viewer' })).statusCode).toBe(409);
  });

  it('inviting a person known from another org adds memberships without exposing or changing their other org', async () => {
    const res = await call(owner, 'POST', '/api/v1/users', { email: 'admin@other.test', displayName: 'ignored', role: 'auditor' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: otherOrgUserId, orgRole: 'auditor', teams: [] });
    // Name and status are shared across orgs: this org may not change them.
    expect((await call(owner, 'PATCH', `/api/v1/users/${otherOrgUserId}`, { status: 'deactivated' })).statusCode).toBe(409);
    expect((await call(owner, 'DELETE', `/api/v1/users/${otherOrgUserId}`)).statusCode).toBe(200);
    const [{ n }] = (await h.dataSource.query('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1 AND org_id = $2', [otherOrgUserId, otherOrgId])) as Array<{ n: number }>;
    expect(n).toBe(1);
  });

  it('refuses mass assignment (400), owner grants by admins (403) and teams of other orgs (404)', async () => {
    for (const extra of [{ status: 'active' }, { passwordHash: 'x' }, { orgId: otherOrgId }, { id: ownerId }]) {
      const res = await call(admin, 'POST', '/api/v1/users', { email: 'mass@acme.test', displayName: 'M', role: 'viewer', ...extra });
      expect(res.statusCode).toBe(400);
    }
    expect((await call(admin, 'POST', '/api/v1/users', { email: 'mass@acme.test', displayName: 'M' })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/users', { email: 'mass@acme.test', displayName: 'M', teams: [{ teamId: h.teamId, role: 'admin' }] })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/users', { email: 'boss@acme.test', displayName: 'B', role: 'owner' })).statusCode).toBe(403);
    expect((await call(admin, 'PATCH', `/api/v1/users/${adminId}`, { role: 'owner' })).statusCode).toBe(403);
    expect((await call(admin, 'PATCH', `/api/v1/users/${ownerId}`, { role: 'viewer' })).statusCode).toBe(403);
    expect((await call(admin, 'PATCH', `/api/v1/users/${ownerId}`, { email: 'x@y.z' })).statusCode).toBe(400);
    const [team] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'theirs') RETURNING id`, [otherOrgId])) as Array<{ id: string }>;
    expect((await call(admin, 'POST', '/api/v1/users', { email: 'x@acme.test', displayName: 'X', teams: [{ teamId: team.id, role: 'developer' }] })).statusCode).toBe(404);
  });

  it('lists with filters, sorting and a cursor; team admins may read, developers may not; other orgs’ users are 404', async () => {
    const emails = (qs: string, who = admin) => call(who, 'GET', `/api/v1/users${qs}`).then((r) => (r.json() as { items: UserBody[] }).items.map((u) => u.email));
    expect(await emails(`?teamId=${h.teamId}`)).toEqual(['dev@acme.test', 'lead@acme.test', 'new.person@acme.test']);
    expect(await emails('?role=admin')).toEqual(['orgadmin@acme.test']);
    expect(await emails('?q=PERSON')).toEqual(['new.person@acme.test']);
    expect(await emails('?sort=-email&status=active', teamAdmin)).toEqual([...(await emails(''))].sort((a, b) => (a < b ? 1 : -1)));
    const all = await emails('');
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(admin, 'GET', `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: UserBody[]; nextCursor: string | null };
      paged.push(...page.items.map((u) => u.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all).not.toContain('admin@other.test');
    expect((await call(dev, 'GET', '/api/v1/users')).statusCode).toBe(403);
    expect((await call(admin, 'GET', `/api/v1/users/${otherOrgUserId}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/users/${ownerId}`)).statusCode).toBe(404);
    expect((await call(outsider, 'PATCH', `/api/v1/users/${adminId}`, { status: 'suspended' })).statusCode).toBe(404);
  });

  it('says how each user signs in: SSO connections of this org by name, SCIM provisioning, a local login, or none yet', async () => {
    const connection = async (orgId: string, type: 'oidc' | 'saml', name: string) =>
      ((await h.dataSource.query(`INSERT INTO sso_connections (org_id, type, name) VALUES ($1, $2, $3) RETURNING id`, [orgId, type, name])) as Array<{ id: string }>)[0].id;
    const okta = await connection(h.orgId, 'oidc', 'Okta');
    const entra = await connection(h.orgId, 'saml', 'Entra ID');
    const elsewhere = await connection(otherOrgId, 'oidc', 'Other org IdP');
    const invite = async (email: string) => ((await call(admin, 'POST', '/api/v1/users', { email, displayName: email, role: 'viewer' })).json() as UserBody).id;
    const ssoUser = await invite('signin.sso@acme.test');
    const scimUser = await invite('signin.scim@acme.test');
    const invited = await invite('signin.invited@acme.test');
    // Rows as SSO sign-in and the SCIM endpoint write them (src/sso, src/scim).
    await h.dataSource.query(
      `INSERT INTO sso_identities (org_id, connection_id, user_id, subject, last_login_at) VALUES ($1, $2, $4, 'okta|1', '2026-11-20T08:00:00Z'), ($1, $3, $4, 'entra|1', NULL), ($5, $6, $4, 'other|1', now())`,
      [h.orgId, okta, entra, ssoUser, otherOrgId, elsewhere],
    );
    await h.dataSource.query(`INSERT INTO scim_users (org_id, user_id, user_name) VALUES ($1, $2, 'signin.scim@acme.test')`, [h.orgId, scimUser]);

    type SignIn = { sso: Array<{ connectionId: string; connectionName: string; protocol: string; lastLoginAt: string | null }>; scim: boolean; localLogin: boolean };
    const page = await call(teamAdmin, 'GET', '/api/v1/users?q=signin.&sort=email');
    expect(page.statusCode).toBe(200);
    const byId = new Map((page.json() as { items: Array<UserBody & { signIn: SignIn }> }).items.map((u) => [u.id, u.signIn]));
    expect(byId.get(ssoUser)).toEqual({
      sso: [
        { connectionId: entra, connectionName: 'Entra ID', protocol: 'saml', lastLoginAt: null },
        { connectionId: okta, connectionName: 'Okta', protocol: 'oidc', lastLoginAt: '2026-11-20T08:00:00.000Z' },
      ],
      scim: false,
      localLogin: false,
    });
    expect(page.body).not.toContain('Other org IdP');
    expect(byId.get(scimUser)).toEqual({ sso: [], scim: true, localLogin: false });
    expect(byId.get(invited)).toEqual({ sso: [], scim: false, localLogin: false });
    expect((await call(admin, 'GET', `/api/v1/users/${ownerId}`)).json()).toMatchObject({ signIn: { sso: [], scim: false, localLogin: true } });
    expect((await call(admin, 'PATCH', `/api/v1/users/${scimUser}`, { role: 'developer' })).json()).toMatchObject({ orgRole: 'developer', signIn: { scim: true } });
    // The audit trail records the user without the sign-in facts (they change with every sign-in).
    const [invitedEvent] = (await h.dataSource.query(`SELECT after FROM audit_events WHERE target_id = $1 AND action = 'user.invited'`, [scimUser])) as Array<{ after: object }>;
    expect(invitedEvent.after).not.toHaveProperty('signIn');
  });

  it('role changes are audited with before and after', async () => {
    const res = await call(owner, 'PATCH', `/api/v1/users/${adminId}`, { role: 'auditor' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as UserBody).orgRole).toBe('auditor');
    const [event] = (await h.dataSource.query(`SELECT before, after, actor_id FROM audit_events WHERE target_id = $1 AND action = 'user.role_changed'`, [adminId])) as Array<{ before: object; after: object; actor_id: string }>;
    expect(event).toEqual({ before: { orgRole: 'admin' }, after: { orgRole: 'auditor' }, actor_id: ownerId });
    expect((await call(owner, 'PATCH', `/api/v1/users/${adminId}`, { role: 'admin' })).statusCode).toBe(200);
  });

  it('nobody can demote, deactivate or remove the last owner; with a second owner they can', async () => {
    for (const body of [{ role: 'admin' }, { role: null }, { status: 'suspended' }]) {
      const res = await call(owner, 'PATCH', `/api/v1/users/${ownerId}`, body);
      expect(res.statusCode).toBe(409);
    }
    expect((await call(owner, 'DELETE', `/api/v1/users/${ownerId}`)).statusCode).toBe(409);
    const second = (await call(owner, 'POST', '/api/v1/users', { email: 'owner2@acme.test', displayName: 'Second owner', role: 'owner' })).json() as UserBody;
    await h.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [second.id]);
    expect((await call(owner, 'PATCH', `/api/v1/users/${ownerId}`, { role: 'admin' })).statusCode).toBe(409);
    await h.dataSource.query(`UPDATE users SET status = 'active' WHERE id = $1`, [second.id]);
    expect((await call(owner, 'PATCH', `/api/v1/users/${second.id}`, { role: 'admin' })).statusCode).toBe(200);
  });

  it('deactivating a user ends all their sessions at once and revokes their keys (version bumped); reactivation restores sign-in', async () => {
    const email = 'leaver@acme.test';
    const id = await createUser(h.dataSource, email, h.orgId, 'developer', h.teamId);
    const [s1, s2] = [await signIn(h.app, email), await signIn(h.app, email)];
    const key = (await call(s1, 'POST', '/api/v1/api-keys', { name: 'leaver', teamId: h.teamId })).json() as { key: { id: string } };
    const sessions = h.app.get(SessionStore);
    expect(await sessions.countForUser(id)).toBe(2);
    const before = await getConfigVersion(h.dataSource);
    const res = await call(admin, 'PATCH', `/api/v1/users/${id}`, { status: 'deactivated' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as UserBody).status).toBe('deactivated');
    expect(await sessions.countForUser(id)).toBe(0);
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    for (const s of [s1, s2]) expect((await call(s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const [row] = (await h.dataSource.query('SELECT revoked_at FROM api_keys WHERE id = $1', [key.key.id])) as Array<{ revoked_at: Date | null }>;
    expect(row.revoked_at).not.toBeNull();
    const [event] = (await h.dataSource.query(`SELECT before->>'status' AS b, after->>'status' AS a FROM audit_events WHERE target_id = $1 AND action = 'user.updated'`, [id])) as Array<{ b: string; a: string }>;
    expect(event).toEqual({ b: 'active', a: 'deactivated' });
    await expect(signIn(h.app, email)).rejects.toThrow();
    expect((await call(admin, 'PATCH', `/api/v1/users/${id}`, { status: 'active' })).statusCode).toBe(200);
    await expect(signIn(h.app, email)).resolves.toMatchObject({ csrfToken: expect.any(String) });
  });

  it('removing a user from the org revokes their keys there and they lose access at once', async () => {
    const email = 'removed@acme.test';
    const id = await createUser(h.dataSource, email, h.orgId, 'developer', h.teamId);
    const session = await signIn(h.app, email);
    const key = (await call(session, 'POST', '/api/v1/api-keys', { name: 'rm', teamId: h.teamId })).json() as { key: { id: string } };
    const res = await call(admin, 'DELETE', `/api/v1/users/${id}`);
    expect(res.json()).toEqual({ id, revokedKeyIds: [key.key.id] });
    expect((await call(session, 'GET', '/api/v1/api-keys')).statusCode).toBe(403);
    expect((await call(admin, 'GET', `/api/v1/users/${id}`)).statusCode).toBe(404);
    expect((await auditActionsOf(h, id)).filter((a) => a.startsWith('user.'))).toEqual(['user.removed']);
  });
});
