import { Client } from 'pg';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

describe('audit routes: search and chain verification (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let auditor: SignedIn;
  let developer: SignedIn;
  let outsider: SignedIn;

  const get = (who: SignedIn, url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'auditor@other.test', org.id, 'auditor');
    auditor = await signIn(h.app, 'auditor@acme.test');
    developer = await signIn(h.app, 'dev@acme.test');
    outsider = await signIn(h.app, 'auditor@other.test');
    // A few events to page through: the logins above plus two failures.
    for (let i = 0; i < 2; i++) await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'dev@acme.test', password: 'wrong' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('searches the org trail with filters, newest first, paging with a cursor', async () => {
    const failures = await get(auditor, '/api/v1/audit/events?action=auth.login_failed&result=failure');
    expect(failures.statusCode).toBe(200);
    const body = failures.json() as { items: Array<{ action: string; result: string; org_id: string; seq: number }>; nextCursor: string | null };
    expect(body.items).toHaveLength(2);
    expect(body.items.every((e) => e.action === 'auth.login_failed' && e.result === 'failure' && e.org_id === h.orgId)).toBe(true);

    const seqs: number[] = [];
    let cursor: string | null = null;
    do {
      const page = (await get(auditor, `/api/v1/audit/events?action=auth.*&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: Array<{ seq: number }>; nextCursor: string | null };
      seqs.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seqs.length).toBeGreaterThanOrEqual(4);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it('names the actors and targets of the page beside the records, which stay exactly as hashed', async () => {
    await h.dataSource.query(`UPDATE users SET display_name = 'Dev Eloper' WHERE email = 'dev@acme.test'`);
    const [{ id: devId }] = (await h.dataSource.query(`SELECT id FROM users WHERE email = 'dev@acme.test'`)) as Array<{ id: string }>;
    const [{ id: auditorId }] = (await h.dataSource.query(`SELECT id FROM users WHERE email = 'auditor@acme.test'`)) as Array<{ id: string }>;
    const admin = await signIn(h.app, h.adminEmail);
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload: { name: 'Labelled team' } });
    expect(created.statusCode).toBe(201);
    const teamId = (created.json() as { id: string }).id;

    const body = (await get(auditor, '/api/v1/audit/events?limit=500')).json() as { items: Array<Record<string, unknown> & { actor_id: string | null; target_id: string | null }>; labels: Record<string, string> };
    expect(body.labels[devId]).toBe('Dev Eloper (dev@acme.test)');
    expect(body.labels[auditorId]).toBe('auditor@acme.test');
    expect(body.labels[teamId]).toBe('Labelled team');
    const named = new Set(body.items.flatMap((e) => [e.actor_id, e.target_id]));
    expect(Object.keys(body.labels).every((id) => named.has(id))).toBe(true);
    expect(body.items.every((e) => !('label' in e) && !('labels' in e))).toBe(true);
  });

  it('rejects unknown filters and bad cursors as problem+json', async () => {
    const res = await get(auditor, '/api/v1/audit/events?orgId=x');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await get(auditor, '/api/v1/audit/events?cursor=abc')).statusCode).toBe(400);
  });

  it('is for auditors and admins only, and never crosses organizations', async () => {
    expect((await get(developer, '/api/v1/audit/events')).statusCode).toBe(403);
    expect((await get(developer, '/api/v1/audit/verify')).statusCode).toBe(403);
    const other = (await get(outsider, '/api/v1/audit/events')).json() as { items: Array<{ org_id: string }> };
    expect(other.items.every((e) => e.org_id !== h.orgId)).toBe(true);
  });

  it('verifies the chain and reports an edit made behind its back', async () => {
    const ok = await get(auditor, '/api/v1/audit/verify');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true });

    const client = new Client({ connectionString: h.config.DATABASE_URL });
    await client.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(`UPDATE audit_events SET result = 'success' WHERE org_id = $1 AND action = 'auth.login_failed'`, [h.orgId]);
    } finally {
      await client.end();
    }
    const broken = await get(auditor, '/api/v1/audit/verify');
    expect(broken.statusCode).toBe(200);
    expect(broken.json()).toMatchObject({ ok: false });
  });
});
