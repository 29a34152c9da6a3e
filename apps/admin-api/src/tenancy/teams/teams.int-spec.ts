import { verifyAuditChain } from '@sluice/audit';
import { getConfigVersion } from '@sluice/db';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { auditActionsOf, callerFor } from '../tenancy-test-calls';

type TeamBody = { id: string; orgId: string; name: string; description: string; allowedModels: string[] };

describe('teams and team members (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let call: ReturnType<typeof callerFor>;
  let owner: SignedIn;
  let teamAdmin: SignedIn;
  let dev: SignedIn;
  let auditor: SignedIn;
  let outsider: SignedIn;
  let devId: string;
  let otherOrgTeamId: string;
  let secondTeamId: string;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    call = callerFor(h);
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    const [team] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'others') RETURNING id`, [org.id])) as Array<{ id: string }>;
    otherOrgTeamId = team.id;
    const [second] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'second') RETURNING id`, [h.orgId])) as Array<{ id: string }>;
    secondTeamId = second.id;
    await createUser(h.dataSource, 'lead@acme.test', h.orgId, 'team_admin', h.teamId);
    devId = await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [owner, teamAdmin, dev, auditor, outsider] = await Promise.all(
      [h.adminEmail, 'lead@acme.test', 'dev@acme.test', 'auditor@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an admin creates a team with allowed models: version bumped, audited in the same chain', async () => {
    const before = await getConfigVersion(h.dataSource);
    const res = await call(owner, 'POST', '/api/v1/teams', { name: 'research', description: 'R&D', allowedModels: ['gpt-5-mini', 'gpt-5-mini'] });
    expect(res.statusCode).toBe(201);
    const team = res.json() as TeamBody;
    expect(team).toMatchObject({ orgId: h.orgId, name: 'research', description: 'R&D', allowedModels: ['gpt-5-mini'] });
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    expect(await auditActionsOf(h, team.id)).toEqual(['team.created']);
    expect((await call(owner, 'POST', '/api/v1/teams', { name: 'research' })).statusCode).toBe(409);
    expect((await call(owner, 'POST', '/api/v1/teams', { name: 'x', allowedModels: ['no-such-model'] })).statusCode).toBe(400);
  });

  it('rejects mass assignment of org and server fields (400) and team creation by non-admins (403)', async () => {
    for (const extra of [{ orgId: h.orgId }, { id: secondTeamId }, { createdAt: '2020-01-01T00:00:00Z' }, { budget: 10 }]) {
      const res = await call(owner, 'POST', '/api/v1/teams', { name: 'mass', ...extra });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call(owner, 'PATCH', `/api/v1/teams/${h.teamId}`, { orgId: otherOrgTeamId })).statusCode).toBe(400);
    expect((await call(teamAdmin, 'POST', '/api/v1/teams', { name: 'mine' })).statusCode).toBe(403);
  });

  it('lists: members see their teams, auditors and admins all of the org, other orgs nothing; sorted with a cursor', async () => {
    const names = (who: SignedIn, qs = '') => call(who, 'GET', `/api/v1/teams${qs}`).then((r) => (r.json() as { items: TeamBody[] }).items.map((t) => t.name));
    const all = await names(auditor);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['research', 'second']));
    expect(await names(dev)).toEqual([(await h.dataSource.query('SELECT name FROM teams WHERE id = $1', [h.teamId]))[0].name]);
    expect(await names(outsider)).toEqual(['others']);
    expect(await names(owner, '?q=SEC')).toEqual(['second']);
    expect(await names(owner, '?sort=-name')).toEqual([...all].sort().reverse());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(owner, 'GET', `/api/v1/teams?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: TeamBody[]; nextCursor: string | null };
      paged.push(...page.items.map((t) => t.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect((await call(owner, 'GET', '/api/v1/teams?sort=budget')).statusCode).toBe(400);
  });

  it('answers 404 for teams of another org and teams the caller cannot see', async () => {
    expect((await call(owner, 'GET', `/api/v1/teams/${otherOrgTeamId}`)).statusCode).toBe(404);
    expect((await call(owner, 'PATCH', `/api/v1/teams/${otherOrgTeamId}`, { name: 'stolen' })).statusCode).toBe(404);
    expect((await call(owner, 'DELETE', `/api/v1/teams/${otherOrgTeamId}`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/teams/${h.teamId}/members`)).statusCode).toBe(404);
    expect((await call(dev, 'GET', `/api/v1/teams/${secondTeamId}`)).statusCode).toBe(404);
    expect((await call(teamAdmin, 'PATCH', `/api/v1/teams/${secondTeamId}`, { name: 'mine-now' })).statusCode).toBe(404);
    expect((await call(teamAdmin, 'POST', `/api/v1/teams/${secondTeamId}/members`, { userId: devId, role: 'developer' })).statusCode).toBe(404);
    expect((await call(owner, 'GET', '/api/v1/teams/not-a-uuid')).statusCode).toBe(404);
    expect((await call(dev, 'GET', `/api/v1/teams/${h.teamId}`)).statusCode).toBe(200);
  });

  it('a team admin renames their own team but may not set allowed models (400); an admin may', async () => {
    const renamed = await call(teamAdmin, 'PATCH', `/api/v1/teams/${h.teamId}`, { description: 'the platform team' });
    expect(renamed.statusCode).toBe(200);
    expect((renamed.json() as TeamBody).description).toBe('the platform team');
    const denied = await call(teamAdmin, 'PATCH', `/api/v1/teams/${h.teamId}`, { allowedModels: ['gpt-5'] });
    expect(denied.statusCode).toBe(400);
    expect((await call(dev, 'PATCH', `/api/v1/teams/${h.teamId}`, { description: 'dev edit' })).statusCode).toBe(403);
    const before = await getConfigVersion(h.dataSource);
    const res = await call(owner, 'PATCH', `/api/v1/teams/${secondTeamId}`, { allowedModels: ['gpt-5-nano'] });
    expect(res.statusCode).toBe(200);
    expect((res.json() as TeamBody).allowedModels).toEqual(['gpt-5-nano']);
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    const [event] = (await h.dataSource.query(`SELECT before, after FROM audit_events WHERE target_id = $1 AND action = 'team.updated'`, [secondTeamId])) as Array<{ before: TeamBody; after: TeamBody }>;
    expect(event.before.allowedModels).toEqual([]);
    expect(event.after.allowedModels).toEqual(['gpt-5-nano']);
  });

  it('team admins manage their own team’s members with team roles only; removal revokes the member’s keys in the team', async () => {
    const userId = await createUser(h.dataSource, 'newbie@acme.test', h.orgId, 'viewer');
    expect((await call(teamAdmin, 'POST', `/api/v1/teams/${h.teamId}/members`, { userId, role: 'admin' })).statusCode).toBe(400);
    expect((await call(teamAdmin, 'POST', `/api/v1/teams/${h.teamId}/members`, { userId, role: 'owner' })).statusCode).toBe(400);
    const outsiderUserId = (await h.dataSource.query(`SELECT id FROM users WHERE email = 'admin@other.test'`))[0].id as string;
    expect((await call(teamAdmin, 'POST', `/api/v1/teams/${h.teamId}/members`, { userId: outsiderUserId, role: 'developer' })).statusCode).toBe(404);
    const added = await call(teamAdmin, 'POST', `/api/v1/teams/${h.teamId}/members`, { userId, role: 'developer' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId, teamId: h.teamId, role: 'developer', email: 'newbie@acme.test' });
    expect((await call(teamAdmin, 'POST', `/api/v1/teams/${h.teamId}/members`, { userId, role: 'developer' })).statusCode).toBe(409);
    const changed = await call(teamAdmin, 'PATCH', `/api/v1/teams/${h.teamId}/members/${userId}`, { role: 'team_admin' });
    expect(changed.statusCode).toBe(200);
    expect((await call(dev, 'PATCH', `/api/v1/teams/${h.teamId}/members/${userId}`, { role: 'viewer' })).statusCode).toBe(403);

    const members = (await call(dev, 'GET', `/api/v1/teams/${h.teamId}/members?role=team_admin`)).json() as { items: Array<{ email: string }> };
    expect(members.items.map((m) => m.email)).toEqual(['lead@acme.test', 'newbie@acme.test']);

    const newbie = await signIn(h.app, 'newbie@acme.test');
    const key = (await call(newbie, 'POST', '/api/v1/api-keys', { name: 'newbie-key', teamId: h.teamId })).json() as { key: { id: string } };
    const before = await getConfigVersion(h.dataSource);
    const removed = await call(teamAdmin, 'DELETE', `/api/v1/teams/${h.teamId}/members/${userId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ userId, teamId: h.teamId, revokedKeyIds: [key.key.id] });
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    const [row] = (await h.dataSource.query('SELECT revoked_at FROM api_keys WHERE id = $1', [key.key.id])) as Array<{ revoked_at: Date | null }>;
    expect(row.revoked_at).not.toBeNull();
    expect((await call(teamAdmin, 'DELETE', `/api/v1/teams/${h.teamId}/members/${userId}`)).statusCode).toBe(404);
    const actions = (await h.dataSource.query(`SELECT action FROM audit_events WHERE action LIKE 'membership.%' AND (after->>'userId' = $1 OR before->>'userId' = $1) ORDER BY seq`, [userId])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['membership.created', 'membership.role_changed', 'membership.deleted']);
  });

  it('deleting a team with active keys is a 409 unless force=true, which revokes them in the same transaction', async () => {
    const created = (await call(owner, 'POST', '/api/v1/teams', { name: 'doomed' })).json() as TeamBody;
    await call(owner, 'POST', `/api/v1/teams/${created.id}/members`, { userId: devId, role: 'developer' });
    const key = (await call(dev, 'POST', '/api/v1/api-keys', { name: 'doomed-key', teamId: created.id })).json() as { key: { id: string } };
    expect((await call(teamAdmin, 'DELETE', `/api/v1/teams/${created.id}`)).statusCode).toBe(403);
    const refused = await call(owner, 'DELETE', `/api/v1/teams/${created.id}`);
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { type: string }).type).toBe('urn:sluice:problem:team-has-active-keys');
    const before = await getConfigVersion(h.dataSource);
    const res = await call(owner, 'DELETE', `/api/v1/teams/${created.id}?force=true`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: created.id, revokedKeyIds: [key.key.id] });
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    const [row] = (await h.dataSource.query('SELECT revoked_at, team_id FROM api_keys WHERE id = $1', [key.key.id])) as Array<{ revoked_at: Date | null; team_id: string | null }>;
    expect(row).toMatchObject({ team_id: null });
    expect(row.revoked_at).not.toBeNull();
    expect((await call(owner, 'GET', `/api/v1/teams/${created.id}`)).statusCode).toBe(404);
    expect(await auditActionsOf(h, created.id)).toEqual(['team.created', 'team.deleted']);
    expect(await verifyAuditChain(h.dataSource, h.orgId)).toMatchObject({ ok: true });
  });
});
