import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAuditEvent, generateDevSigningKey, verifyAuditExport, verifyJsonDocumentSignature } from '@sluice/audit';
import { freePort, spawnService, type SpawnedService } from '@sluice/testing';
import { createUser, KEY_PEPPER, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { insertUsage, type UsageFixtureEvent } from '../testing/usage-fixture';
import { downloadLinkKey, signDownloadToken } from './download-token';

jest.setTimeout(240_000);
const WORKER_ENTRY = join(__dirname, '..', '..', '..', 'worker', 'dist', 'main.js');
const SEEDED_EVENTS = 2500;

type ExportView = { id: string; status: string; kind: string; progress: { rowsWritten: number; rowsEstimated: number | null }; manifest: Record<string, unknown> & { rowCount: number } };

/**
 * The whole journey with the real worker process: request → audited row + job → the built worker
 * (apps/worker/dist) writes and signs the file → status/progress → expiring download link.
 */
describe('audit exports and usage reports: admin API + real worker process (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let worker: SpawnedService;
  let exportsDir: string;
  let auditor: SignedIn, dev: SignedIn, outsider: SignedIn, owner: SignedIn;
  const key = generateDevSigningKey();

  const call = async (who: SignedIn | null, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await h.app.inject({ method, url, headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body, json: () => res.json() as ExportView & { url: string; manifestUrl: string; expiresAt: string; items: ExportView[]; type: string }, headers: res.headers };
  };
  const finished = async (who: SignedIn, url: string): Promise<ExportView> => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const view = (await call(who, 'GET', url)).json();
      if (view.status === 'succeeded' || view.status === 'failed') return view;
      if (Date.now() > deadline) throw new Error(`export still ${view.status}; worker output:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    exportsDir = mkdtempSync(join(tmpdir(), 'sluice-admin-exports-'));
    h = await startAdminApiHarness({ env: { EXPORTS_DIR: exportsDir } });
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [auditor, dev, outsider, owner] = await Promise.all(['auditor@acme.test', 'dev@acme.test', 'admin@other.test', h.adminEmail].map((e) => signIn(h.app, e)));
    for (let batch = 0; batch < SEEDED_EVENTS / 500; batch++) {
      await h.dataSource.transaction(async (m) => {
        for (let i = 0; i < 500; i++) await appendAuditEvent(m, { orgId: h.orgId, actor: { type: 'user', id: `u${i % 5}`, authMethod: 'session' }, action: 'api_key.created', target: { type: 'api_key', id: `k${batch}-${i}` }, result: 'success' });
      });
    }
    const port = await freePort();
    worker = await spawnService({
      name: 'worker',
      entry: WORKER_ENTRY,
      url: `http://127.0.0.1:${port}`,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: h.config.DATABASE_URL,
        REDIS_URL: h.config.REDIS_URL,
        QUEUE_PREFIX: h.config.QUEUE_PREFIX,
        WORKER_HEALTH_PORT: String(port),
        EXPORTS_DIR: exportsDir,
        SLUICE_AUDIT_SIGNING_KEY: key.privateKeyBase64,
      },
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await h?.close();
    rmSync(exportsDir, { recursive: true, force: true });
  });

  it('an auditor exports the audit trail: audited request, progress, signed manifest, a download link that works without a session', async () => {
    const created = await call(auditor, 'POST', '/api/v1/audit/exports', { format: 'csv', filters: { action: 'api_key.*' } });
    expect(created.status).toBe(202);
    const { id, status } = created.json();
    expect(status).toBe('queued');
    const [requested] = (await h.dataSource.query(`SELECT action, actor_type, result FROM audit_events WHERE org_id = $1 AND target_id = $2 AND action = 'audit.export_requested'`, [h.orgId, id])) as unknown[];
    expect(requested).toMatchObject({ actor_type: 'user', result: 'success' });

    const done = await finished(auditor, `/api/v1/audit/exports/${id}`);
    expect(done.status).toBe('succeeded');
    expect(done.manifest.rowCount).toBe(SEEDED_EVENTS);
    expect(done.progress.rowsWritten).toBe(SEEDED_EVENTS);
    expect(done.progress.rowsEstimated).toBe(SEEDED_EVENTS);

    const link = await call(auditor, 'POST', `/api/v1/audit/exports/${id}/download-link`, {});
    expect(link.status).toBe(200);
    const { url, manifestUrl, expiresAt } = link.json();
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    const file = await call(null, 'GET', url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.headers['content-disposition']).toContain(`audit-export-${id}.csv`);
    const manifest = await call(null, 'GET', manifestUrl);
    expect(manifest.status).toBe(200);
    const downloaded = join(exportsDir, 'downloaded.csv');
    writeFileSync(downloaded, file.body);
    expect(await verifyAuditExport({ file: downloaded, manifest: JSON.parse(manifest.body), publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true });

    const completed = (await h.dataSource.query(`SELECT actor_type FROM audit_events WHERE org_id = $1 AND target_id = $2 AND action = 'audit.export_completed'`, [h.orgId, id])) as unknown[];
    expect(completed).toEqual([{ actor_type: 'system' }]);
    const listed = (await call(auditor, 'GET', '/api/v1/audit/exports')).json().items;
    expect(listed.map((e) => e.id)).toContain(id);
  });

  it('refuses forged, expired and misdirected tokens (403) and hides exports from other orgs (404)', async () => {
    const { id } = (await call(owner, 'POST', '/api/v1/audit/exports', { format: 'jsonl' })).json();
    expect((await finished(owner, `/api/v1/audit/exports/${id}`)).status).toBe('succeeded');
    const { url } = (await call(owner, 'POST', `/api/v1/audit/exports/${id}/download-link`, {})).json();
    const token = new URL(url, 'http://x').searchParams.get('token') as string;
    const forged = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
    const refused = await call(null, 'GET', `/api/v1/audit/exports/${id}/file?token=${forged}`);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const expired = signDownloadToken(downloadLinkKey(KEY_PEPPER), 'audit', id, h.orgId, Math.floor(Date.now() / 1000) - 1);
    const expiredAnswer = await call(null, 'GET', `/api/v1/audit/exports/${id}/file?token=${expired}`);
    expect(expiredAnswer.status).toBe(403);
    expect(JSON.parse(expiredAnswer.body).detail).toContain('expired');
    expect((await call(null, 'GET', `/api/v1/usage-reports/${id}/file?token=${token}`)).status).toBe(403);
    expect((await call(null, 'GET', `/api/v1/audit/exports/${id}/manifest?token=`)).status).toBe(400);
    expect((await call(null, 'GET', url)).status).toBe(200);

    expect((await call(outsider, 'GET', `/api/v1/audit/exports/${id}`)).status).toBe(404);
    expect((await call(outsider, 'POST', `/api/v1/audit/exports/${id}/download-link`, {})).status).toBe(404);
    expect((await call(outsider, 'GET', '/api/v1/audit/exports')).json().items).toEqual([]);
    expect((await call(dev, 'POST', '/api/v1/audit/exports', { format: 'csv' })).status).toBe(403);
    expect((await call(owner, 'POST', '/api/v1/audit/exports', { format: 'csv', orgId: h.orgId })).status).toBe(400);
    expect((await call(owner, 'POST', '/api/v1/audit/exports', { format: 'xlsx' })).status).toBe(400);
    expect((await call(owner, 'GET', `/api/v1/usage-reports/${id}`)).status).toBe(404);
  });

  it('a usage report for chargeback: CSV per day × team × model whose totals match the usage, signed', async () => {
    const base = Date.parse('2026-11-10T00:00:00Z');
    const usage: UsageFixtureEvent[] = Array.from({ length: 600 }, (_, i) => ({
      occurredAt: new Date(base + (i % 48) * 3_600_000 + i * 10), orgId: h.orgId, teamId: h.teamId, apiKeyId: null, userId: null,
      model: i % 2 ? 'gpt-4o-mini' : 'claude-sonnet', provider: 'mock', status: 'success', httpStatus: 200,
      promptTokens: 100 + i, completionTokens: 50, costUsd: 0.0001 * (1 + (i % 3)), latencyMs: 30, cacheStatus: 'miss',
    }));
    await insertUsage(h.dataSource, usage);
    expect((await call(owner, 'POST', '/api/v1/usage-reports', { from: '2026-11-10T05:00:00Z', to: '2026-11-12T00:00:00Z', groupBy: 'team' })).status).toBe(400);
    expect((await call(dev, 'POST', '/api/v1/usage-reports', { from: '2026-11-10T00:00:00Z', to: '2026-11-12T00:00:00Z', groupBy: 'team' })).status).toBe(403);
    const created = await call(auditor, 'POST', '/api/v1/usage-reports', { from: '2026-11-10T00:00:00Z', to: '2026-11-12T00:00:00Z', groupBy: 'team_model', period: 'day' });
    expect(created.status).toBe(202);
    const done = await finished(auditor, `/api/v1/usage-reports/${created.json().id}`);
    expect(done).toMatchObject({ status: 'succeeded', kind: 'usage_report' });
    expect(verifyJsonDocumentSignature(done.manifest, key.publicKeyPem)).toBe(true);
    const { url } = (await call(auditor, 'POST', `/api/v1/usage-reports/${done.id}/download-link`, {})).json();
    const csv = await call(null, 'GET', url);
    expect(csv.status).toBe(200);
    const rows = csv.body.trim().split('\r\n').slice(1).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
    expect(rows).toHaveLength(4);
    for (const day of ['2026-11-10', '2026-11-11']) {
      for (const model of ['gpt-4o-mini', 'claude-sonnet']) {
        const expected = usage.filter((e) => e.model === model && e.occurredAt.toISOString().startsWith(day));
        const row = rows.find((r) => r[0].startsWith(day) && r[4] === model);
        expect(row?.[2]).toBe(h.teamId);
        expect(Number(row?.[5])).toBe(expected.length);
        expect(Number(row?.[6])).toBe(expected.reduce((a, e) => a + e.promptTokens, 0));
        expect(Number(row?.[9])).toBeCloseTo(expected.reduce((a, e) => a + e.costUsd, 0), 8);
      }
    }
  });
});
