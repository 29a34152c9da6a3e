import { verifyAuditChain } from '@sluice/audit';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../../testing/admin-api-harness';
import { auditActionsOf, callerFor } from '../tenancy-test-calls';

type OrgBody = { id: string; name: string; slug: string; breakGlassLoginEnabled: boolean; myRoles: string[] };

describe('organizations (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let call: ReturnType<typeof callerFor>;
  let owner: SignedIn;
  let admin: SignedIn;
  let viewer: SignedIn;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    call = callerFor(h);
    await createUser(h.dataSource, 'orgadmin@acme.test', h.orgId, 'admin');
    await createUser(h.dataSource, 'viewer@acme.test', h.orgId, 'viewer');
    [owner, admin, viewer] = await Promise.all([h.adminEmail, 'orgadmin@acme.test', 'viewer@acme.test'].map((e) => signIn(h.app, e)));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every member reads the current org with their roles; only owners and admins change its settings (audited)', async () => {
    const current = await call(viewer, 'GET', '/api/v1/orgs/current');
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ id: h.orgId, slug: 'acme', breakGlassLoginEnabled: true, myRoles: ['viewer'] });
    expect((await call(viewer, 'PATCH', '/api/v1/orgs/current', { name: 'Nope' })).statusCode).toBe(403);
    for (const body of [{ slug: 'renamed' }, { id: h.orgId }, {}, { breakGlassLoginEnabled: 'no' }]) {
      expect((await call(admin, 'PATCH', '/api/v1/orgs/current', body)).statusCode).toBe(400);
    }
    const res = await call(admin, 'PATCH', '/api/v1/orgs/current', { name: 'Acme Corp', breakGlassLoginEnabled: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Acme Corp', slug: 'acme', breakGlassLoginEnabled: false });
    const [event] = (await h.dataSource.query(`SELECT before->>'name' AS b, after->>'name' AS a FROM audit_events WHERE action = 'org.updated' AND org_id = $1`, [h.orgId])) as Array<{ a: string; b: string }>;
    expect(event).toEqual({ b: 'Acme', a: 'Acme Corp' });
  });

  it('an owner creates an organization and becomes its owner; then names the org per request', async () => {
    expect((await call(admin, 'POST', '/api/v1/orgs', { name: 'Beta', slug: 'beta' })).statusCode).toBe(403);
    expect((await call(owner, 'POST', '/api/v1/orgs', { name: 'Beta', slug: 'Not A Slug' })).statusCode).toBe(400);
    expect((await call(owner, 'POST', '/api/v1/orgs', { name: 'Dup', slug: 'acme' })).statusCode).toBe(409);
    const res = await call(owner, 'POST', '/api/v1/orgs', { name: 'Beta', slug: 'beta' });
    expect(res.statusCode).toBe(201);
    const beta = res.json() as OrgBody;
    expect(beta).toMatchObject({ name: 'Beta', slug: 'beta', myRoles: ['owner'] });
    expect(await auditActionsOf(h, beta.id)).toEqual(['org.created']);
    expect(await verifyAuditChain(h.dataSource, beta.id)).toMatchObject({ ok: true, count: 1 });

    // Two orgs now: the list works without the org header, org-scoped routes need it.
    const list = await call(owner, 'GET', '/api/v1/orgs?sort=-name');
    expect((list.json() as { items: OrgBody[] }).items.map((o) => o.slug)).toEqual(['beta', 'acme']);
    expect((await call(owner, 'GET', '/api/v1/orgs?q=bet')).json()).toMatchObject({ items: [{ slug: 'beta' }], nextCursor: null });
    const page1 = (await call(owner, 'GET', '/api/v1/orgs?limit=1')).json() as { items: OrgBody[]; nextCursor: string };
    const page2 = (await call(owner, 'GET', `/api/v1/orgs?limit=1&cursor=${page1.nextCursor}`)).json() as { items: OrgBody[]; nextCursor: string | null };
    expect([...page1.items, ...page2.items].map((o) => o.slug)).toEqual(['acme', 'beta']);
    expect(page2.nextCursor).toBeNull();
    expect((await call(owner, 'GET', '/api/v1/orgs/current')).statusCode).toBe(400);
    const inBeta = await h.app.inject({ method: 'GET', url: '/api/v1/orgs/current', headers: { cookie: owner.cookie, 'x-sluice-org': beta.id } });
    expect(inBeta.json()).toMatchObject({ id: beta.id, myRoles: ['owner'] });
    expect(((await call(viewer, 'GET', '/api/v1/orgs')).json() as { items: OrgBody[] }).items.map((o) => o.slug)).toEqual(['acme']);
  });
});
