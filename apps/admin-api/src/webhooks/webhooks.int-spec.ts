import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyAuditChain } from '@sluice/audit';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

describe('webhooks: CRUD, URL checks, test delivery and delivery log (real Postgres + Redis + HTTP receiver)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let auditor: SignedIn;
  let developer: SignedIn;
  let outsider: SignedIn;
  let server: Server;
  let receiverUrl: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

  const call = (who: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  beforeAll(async () => {
    h = await startAdminApiHarness();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = req.url === '/broken' ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [admin, auditor, developer, outsider] = await Promise.all([h.adminEmail, 'auditor@acme.test', 'dev@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await h?.close();
  });

  it('an admin creates, reads, changes and deletes a webhook; the secret is sealed and never returned; every change is audited', async () => {
    const created = await call(admin, 'POST', '/api/v1/webhooks', { name: 'ops', url: `${receiverUrl}/hook`, secret: 'whsec-0123456789abcdef', eventKinds: ['budget_threshold'] });
    expect(created.statusCode).toBe(201);
    const hook = created.json() as { id: string; hasSecret: boolean; kind: string; enabled: boolean };
    expect(hook).toMatchObject({ hasSecret: true, kind: 'generic', enabled: true });
    expect(created.body).not.toContain('whsec-');
    const [row] = (await h.dataSource.query('SELECT secret_ciphertext FROM webhooks WHERE id = $1', [hook.id])) as Array<{ secret_ciphertext: Buffer }>;
    expect(row.secret_ciphertext.toString('latin1')).not.toContain('whsec-');

    expect((await call(auditor, 'GET', `/api/v1/webhooks/${hook.id}`)).json()).toMatchObject({ id: hook.id, eventKinds: ['budget_threshold'] });
    const patched = await call(admin, 'PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: false, kind: 'slack', secret: null });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, kind: 'slack', hasSecret: false });
    expect((await call(admin, 'DELETE', `/api/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/webhooks/${hook.id}`)).statusCode).toBe(404);

    const events = (await h.dataSource.query(`SELECT action, before, after FROM audit_events WHERE target_id = $1 ORDER BY seq`, [hook.id])) as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.deleted']);
    expect(JSON.stringify(events)).not.toContain('whsec-');
    expect(await verifyAuditChain(h.dataSource, h.orgId)).toMatchObject({ ok: true });
  });

  it('gives read-only callers (auditors) a webhook URL without its token-bearing path in every answer, managers the full URL; the audit trail keeps only the host', async () => {
    const token = 'XXXXXXXXXXXXXXXXsecretpath';
    const url = `${receiverUrl}/services/T000/B000/${token}?key=qs-secret`;
    const created = await call(admin, 'POST', '/api/v1/webhooks', { name: 'slack', url, kind: 'slack' });
    expect(created.statusCode).toBe(201);
    const hook = created.json() as { id: string; url: string; urlRedacted: boolean };
    expect(hook).toMatchObject({ url, urlRedacted: false });
    const redacted = { url: `${receiverUrl}/…`, urlRedacted: true };

    expect((await call(admin, 'GET', `/api/v1/webhooks/${hook.id}`)).json()).toMatchObject({ url, urlRedacted: false });
    const adminPage = (await call(admin, 'GET', '/api/v1/webhooks?kind=slack')).json() as { items: Array<{ id: string }> };
    expect(adminPage.items.find((w) => w.id === hook.id)).toMatchObject({ url, urlRedacted: false });

    const one = await call(auditor, 'GET', `/api/v1/webhooks/${hook.id}`);
    expect(one.json()).toMatchObject(redacted);
    const page = await call(auditor, 'GET', '/api/v1/webhooks?kind=slack');
    expect((page.json() as { items: Array<{ id: string }> }).items.find((w) => w.id === hook.id)).toMatchObject(redacted);
    const deliveries = await call(auditor, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`);
    expect(deliveries.statusCode).toBe(200);
    for (const res of [one, page, deliveries]) {
      expect(res.body).not.toContain(token);
      expect(res.body).not.toContain('qs-secret');
    }

    // A change of the URL is recorded as a change, without either URL's path.
    const moved = `${receiverUrl}/services/T000/B000/${token}-rotated`;
    expect((await call(admin, 'PATCH', `/api/v1/webhooks/${hook.id}`, { url: moved })).json()).toMatchObject({ url: moved, urlRedacted: false });
    expect((await call(admin, 'PATCH', `/api/v1/webhooks/${hook.id}`, { enabled: false })).statusCode).toBe(200);
    expect((await call(admin, 'DELETE', `/api/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    const events = (await h.dataSource.query(`SELECT action, before, after FROM audit_events WHERE target_id = $1 ORDER BY seq`, [hook.id])) as Array<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>;
    expect(events.map((e) => [e.action, e.before?.url ?? null, e.after?.url ?? null, e.after?.urlChanged ?? null])).toEqual([
      ['webhook.created', null, `${receiverUrl}/…`, null],
      ['webhook.updated', `${receiverUrl}/…`, `${receiverUrl}/…`, true],
      ['webhook.updated', `${receiverUrl}/…`, `${receiverUrl}/…`, false],
      ['webhook.deleted', `${receiverUrl}/…`, null, null],
    ]);
    const trail = await call(auditor, 'GET', `/api/v1/audit/events?targetId=${hook.id}`);
    expect(trail.statusCode).toBe(200);
    expect((trail.json() as { items: unknown[] }).items).toHaveLength(4);
    expect(trail.body).not.toContain(token);
    expect(trail.body).not.toContain('qs-secret');
    expect(await verifyAuditChain(h.dataSource, h.orgId)).toMatchObject({ ok: true });
  });

  it('refuses private/metadata URLs, bad schemes, mass assignment and short secrets (400 problem+json)', async () => {
    for (const body of [
      { name: 'x', url: 'http://169.254.169.254/latest/meta-data' },
      { name: 'x', url: 'http://10.0.0.5/hook' },
      { name: 'x', url: 'http://metadata.google.internal/' },
      { name: 'x', url: 'ftp://example.com/hook' },
      { name: 'x', url: 'https://example.com/hook', orgId: randomUUID() },
      { name: 'x', url: 'https://example.com/hook', secret: 'short' },
      { name: 'x', url: 'https://example.com/hook', eventKinds: ['nope'] },
    ]) {
      const res = await call(admin, 'POST', '/api/v1/webhooks', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const ok = (await call(admin, 'POST', '/api/v1/webhooks', { name: 'ok', url: 'https://hooks.example.com/x' })).json() as { id: string };
    expect((await call(admin, 'PATCH', `/api/v1/webhooks/${ok.id}`, { url: 'http://192.168.1.1/' })).statusCode).toBe(400);
  });

  it('lists with a cursor and filters; other organizations get 404; developers and auditors cannot change webhooks', async () => {
    for (let i = 0; i < 3; i++) expect((await call(admin, 'POST', '/api/v1/webhooks', { name: `page-${i}`, url: `${receiverUrl}/p${i}`, kind: 'slack' })).statusCode).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(admin, 'GET', `/api/v1/webhooks?kind=slack&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: Array<{ id: string; kind: string }>; nextCursor: string | null };
      expect(page.items.every((w) => w.kind === 'slack')).toBe(true);
      seen.push(...page.items.map((w) => w.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    const id = seen[0];
    expect((await call(outsider, 'GET', `/api/v1/webhooks/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'PATCH', `/api/v1/webhooks/${id}`, { enabled: false })).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/api/v1/webhooks/${id}/deliveries`)).statusCode).toBe(404);
    expect(((await call(outsider, 'GET', '/api/v1/webhooks')).json() as { items: unknown[] }).items).toEqual([]);
    expect((await call(developer, 'GET', '/api/v1/webhooks')).statusCode).toBe(403);
    expect((await call(auditor, 'POST', '/api/v1/webhooks', { name: 'x', url: `${receiverUrl}/x` })).statusCode).toBe(403);
    expect((await call(auditor, 'DELETE', `/api/v1/webhooks/${id}`)).statusCode).toBe(403);
  });

  it('sends a signed test payload and reports the receiver’s answer', async () => {
    const secret = 'whsec-test-0123456789';
    const hook = (await call(admin, 'POST', '/api/v1/webhooks', { name: 'test', url: `${receiverUrl}/hook`, secret })).json() as { id: string };
    received.length = 0;
    const res = await call(admin, 'POST', `/api/v1/webhooks/${hook.id}/test`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, status: 200, error: null });
    expect(received).toHaveLength(1);
    const { headers, body } = received[0];
    expect(headers['x-sluice-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${String(headers['x-sluice-timestamp'])}.${body}`).digest('hex')}`);
    expect(JSON.parse(body)).toMatchObject({ type: 'webhook.test', webhookId: hook.id });

    const broken = (await call(admin, 'POST', '/api/v1/webhooks', { name: 'broken', url: `${receiverUrl}/broken` })).json() as { id: string };
    expect((await call(admin, 'POST', `/api/v1/webhooks/${broken.id}/test`, {})).json()).toEqual({ ok: false, status: 503, error: 'receiver answered 503' });
  });

  it('shows the delivery log of a webhook, newest first, filtered by status', async () => {
    const hook = (await call(admin, 'POST', '/api/v1/webhooks', { name: 'log', url: `${receiverUrl}/log` })).json() as { id: string };
    // Rows as the worker writes them (apps/worker/src/alerts).
    for (const [i, status] of (['delivered', 'failed', 'delivered'] as const).entries()) {
      await h.dataSource.query(
        `INSERT INTO webhook_deliveries (webhook_id, org_id, alert_id, alert_kind, dedupe_key, status, attempts, response_status, created_at) VALUES ($1, $2, $3, 'budget_threshold', $4, $5, 1, $6, now() - ($7 || ' minutes')::interval)`,
        [hook.id, h.orgId, randomUUID(), `k${i}`, status, status === 'delivered' ? 200 : 500, String(10 - i)],
      );
    }
    const all = (await call(auditor, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`)).json() as { items: Array<{ dedupeKey: string; status: string }> };
    expect(all.items.map((d) => d.dedupeKey)).toEqual(['k2', 'k1', 'k0']);
    const failed = (await call(auditor, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?status=failed`)).json() as { items: Array<{ dedupeKey: string; responseStatus: number }> };
    expect(failed.items).toEqual([expect.objectContaining({ dedupeKey: 'k1', responseStatus: 500 })]);
  });
});
