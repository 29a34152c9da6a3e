import { verifyAuditChain } from '@sluice/audit';
import { getConfigVersion, loadConfigSnapshot } from '@sluice/db';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

type Res = { statusCode: number; json(): unknown; body: string };
interface RequestView {
  id: string;
  teamId: string;
  model: string;
  status: string;
  requestedBy: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
}

describe('model access requests: request, approve into the team allow-list, deny (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let otherTeamId: string;
  let owner: SignedIn;
  let admin: SignedIn;
  let teamAdmin: SignedIn;
  let dev: SignedIn;
  let otherDev: SignedIn;
  let viewer: SignedIn;
  let auditor: SignedIn;
  let outsider: SignedIn;
  let adminId: string;

  const call = (who: SignedIn, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Res> =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) }) as unknown as Promise<Res>;
  const allowedModels = async (teamId: string) =>
    ((await h.dataSource.query('SELECT allowed_models FROM teams WHERE id = $1', [teamId])) as Array<{ allowed_models: string[] }>)[0].allowed_models;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [team] = (await h.dataSource.query(`INSERT INTO teams (org_id, name, allowed_models) VALUES ($1, 'Research', '{gpt-4o-mini}') RETURNING id`, [h.orgId])) as Array<{ id: string }>;
    otherTeamId = team.id;
    await h.dataSource.query(`UPDATE teams SET allowed_models = '{gpt-4o-mini}' WHERE id = $1`, [h.teamId]);
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    adminId = await createUser(h.dataSource, 'second-admin@acme.test', h.orgId, 'admin');
    await createUser(h.dataSource, 'lead@acme.test', h.orgId, 'team_admin', h.teamId);
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'researcher@acme.test', h.orgId, 'developer', otherTeamId);
    await createUser(h.dataSource, 'viewer@acme.test', h.orgId, 'viewer', h.teamId);
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [owner, admin, teamAdmin, dev, otherDev, viewer, auditor, outsider] = await Promise.all(
      [h.adminEmail, 'second-admin@acme.test', 'lead@acme.test', 'dev@acme.test', 'researcher@acme.test', 'viewer@acme.test', 'auditor@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a developer requests a model for their team; duplicates, unknown models, allowed models and foreign teams are refused', async () => {
    const res = await call(dev, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'claude-haiku-4-5', reason: 'summaries' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ teamId: h.teamId, teamName: 'Platform', model: 'claude-haiku-4-5', status: 'pending', reason: 'summaries', decidedAt: null });
    expect((await call(dev, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'claude-haiku-4-5' })).statusCode).toBe(409);
    expect((await call(dev, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'gpt-4o-mini' })).json()).toMatchObject({ status: 409, type: 'urn:sluice:problem:model-already-allowed' });
    expect((await call(dev, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'no-such-model' })).statusCode).toBe(400);
    expect((await call(dev, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'gemini-2.0-flash' })).json()).toMatchObject({ status: 409, type: 'urn:sluice:problem:model-deprecated' });
    expect((await call(dev, 'POST', '/api/v1/model-access-requests', { teamId: otherTeamId, model: 'gpt-4o' })).statusCode).toBe(404);
    expect((await call(outsider, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'gpt-4o' })).statusCode).toBe(404);
    expect((await call(viewer, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'gpt-4o' })).statusCode).toBe(403);
    for (const extra of [{ status: 'approved' }, { orgId: h.orgId }, { requestedBy: adminId }, { decidedBy: adminId }]) {
      expect((await call(dev, 'POST', '/api/v1/model-access-requests', { teamId: h.teamId, model: 'gpt-4o', ...extra })).statusCode).toBe(400);
    }
  });

  it('developers see their teams’ requests, admins and auditors all, other orgs none', async () => {
    expect((await call(otherDev, 'POST', '/api/v1/model-access-requests', { teamId: otherTeamId, model: 'gemini-2.5-pro' })).statusCode).toBe(201);
    const mine = (await call(dev, 'GET', '/api/v1/model-access-requests')).json() as { items: RequestView[] };
    expect(mine.items.map((r) => r.model)).toEqual(['claude-haiku-4-5']);
    const theirs = (await call(otherDev, 'GET', '/api/v1/model-access-requests')).json() as { items: RequestView[] };
    expect(theirs.items.map((r) => r.model)).toEqual(['gemini-2.5-pro']);
    expect((await call(dev, 'GET', `/api/v1/model-access-requests/${theirs.items[0].id}`)).statusCode).toBe(404);
    for (const who of [admin, auditor]) {
      const page1 = (await call(who, 'GET', '/api/v1/model-access-requests?limit=1')).json() as { items: RequestView[]; nextCursor: string };
      const page2 = (await call(who, 'GET', `/api/v1/model-access-requests?limit=1&cursor=${page1.nextCursor}`)).json() as { items: RequestView[]; nextCursor: string | null };
      expect([...page1.items, ...page2.items].map((r) => r.model)).toEqual(['gemini-2.5-pro', 'claude-haiku-4-5']);
      expect(page2.nextCursor).toBeNull();
    }
    const filtered = (await call(admin, 'GET', `/api/v1/model-access-requests?teamId=${otherTeamId}&status=pending`)).json() as { items: RequestView[] };
    expect(filtered.items.map((r) => r.model)).toEqual(['gemini-2.5-pro']);
    expect(((await call(outsider, 'GET', '/api/v1/model-access-requests')).json() as { items: unknown[] }).items).toEqual([]);
  });

  it('approval adds the model to the team allow-list in one audited transaction, bumps the version, and the gateway snapshot reflects it', async () => {
    const [pending] = ((await call(dev, 'GET', '/api/v1/model-access-requests?status=pending')).json() as { items: RequestView[] }).items;
    expect((await call(dev, 'POST', `/api/v1/model-access-requests/${pending.id}/approve`, {})).statusCode).toBe(403);
    expect((await call(teamAdmin, 'POST', `/api/v1/model-access-requests/${pending.id}/approve`, {})).statusCode).toBe(403);
    expect((await call(outsider, 'POST', `/api/v1/model-access-requests/${pending.id}/approve`, {})).statusCode).toBe(404);
    expect((await call(admin, 'POST', `/api/v1/model-access-requests/${pending.id}/approve`, { teamId: otherTeamId })).statusCode).toBe(400);

    const before = await getConfigVersion(h.dataSource);
    const res = await call(admin, 'POST', `/api/v1/model-access-requests/${pending.id}/approve`, { reason: 'ok for summaries' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', decidedBy: adminId, decisionReason: 'ok for summaries' });
    expect(await allowedModels(h.teamId)).toEqual(['gpt-4o-mini', 'claude-haiku-4-5']);
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    const snapshot = await loadConfigSnapshot(h.dataSource);
    expect(snapshot.version).toBe(before + 1);
    expect(snapshot.teams?.find((t) => t.id === h.teamId)).toEqual({ id: h.teamId, orgId: h.orgId, allowedModels: ['gpt-4o-mini', 'claude-haiku-4-5'] });

    const [event] = (await h.dataSource.query(`SELECT action, after FROM audit_events WHERE target_id = $1 AND action = 'model_access.approved'`, [pending.id])) as Array<{ action: string; after: { teamAllowedModels: string[] } }>;
    expect(event.after.teamAllowedModels).toEqual(['gpt-4o-mini', 'claude-haiku-4-5']);
    expect((await call(admin, 'POST', `/api/v1/model-access-requests/${pending.id}/approve`, {})).statusCode).toBe(409);
    expect((await call(admin, 'POST', `/api/v1/model-access-requests/${pending.id}/deny`, { reason: 'too late' })).statusCode).toBe(409);
  });

  it('deny needs a reason and leaves the allow-list alone; nobody decides their own request', async () => {
    const [theirs] = ((await call(admin, 'GET', `/api/v1/model-access-requests?teamId=${otherTeamId}`)).json() as { items: RequestView[] }).items;
    expect((await call(admin, 'POST', `/api/v1/model-access-requests/${theirs.id}/deny`, {})).statusCode).toBe(400);
    const versionBefore = await getConfigVersion(h.dataSource);
    const denied = await call(admin, 'POST', `/api/v1/model-access-requests/${theirs.id}/deny`, { reason: 'use gemini-2.5-flash' });
    expect(denied.json()).toMatchObject({ status: 'denied', decisionReason: 'use gemini-2.5-flash' });
    expect(await allowedModels(otherTeamId)).toEqual(['gpt-4o-mini']);
    expect(await getConfigVersion(h.dataSource)).toBe(versionBefore);

    const own = (await call(admin, 'POST', '/api/v1/model-access-requests', { teamId: otherTeamId, model: 'o3' })).json() as RequestView;
    expect(own.requestedBy).toBe(adminId);
    expect((await call(admin, 'POST', `/api/v1/model-access-requests/${own.id}/approve`, {})).json()).toMatchObject({ status: 403, type: 'urn:sluice:problem:self-approval-forbidden' });
    expect((await call(owner, 'POST', `/api/v1/model-access-requests/${own.id}/approve`, {})).statusCode).toBe(200);
    expect(await allowedModels(otherTeamId)).toEqual(['gpt-4o-mini', 'o3']);
    expect(await verifyAuditChain(h.dataSource, h.orgId)).toMatchObject({ ok: true });
  });
});
