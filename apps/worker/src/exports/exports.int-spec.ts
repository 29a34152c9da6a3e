import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, generateDevSigningKey, verifyAuditChain, verifyAuditExport, verifyJsonDocumentSignature } from '@sluice/audit';
import { exportJobSchema, QueueName, type UsageEvent } from '@sluice/contracts';
import { createDataSource } from '@sluice/db';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, createTestRedisPrefix, waitFor, type TestDatabase, type TestRedisNamespace } from '@sluice/testing';
import { loadWorkerConfig } from '../config/worker-config';
import { RollupAccumulator } from '../rollups/usage-rollups';
import { insertRequestLogs } from '../usage/request-log-writer';
import { startExportWorker, type ExportWorker } from './export.worker';

jest.setTimeout(180_000);
const AUDIT_EVENTS = 3000;

describe('export worker: audit exports and usage reports through the exports queue (real Postgres + Redis)', () => {
  let db: TestDatabase;
  let ns: TestRedisNamespace;
  let dataSource: DataSource;
  let connection: Redis;
  let queue: Queue;
  let exportsDir: string;
  let orgId: string;
  let teamA: string;
  let teamB: string;
  const key = generateDevSigningKey();
  const workers: ExportWorker[] = [];

  async function startWorker(env: Record<string, string> = {}) {
    const merged: Record<string, string> = { DATABASE_URL: db.url, REDIS_URL: ns.url, QUEUE_PREFIX: ns.prefix, EXPORTS_DIR: exportsDir, SLUICE_AUDIT_SIGNING_KEY: key.privateKeyBase64, LOG_LEVEL: 'silent', ...env };
    const config = loadWorkerConfig(Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== '')));
    const worker = await startExportWorker(config, connection, createLogger('worker-test', 'silent'));
    workers.push(worker);
    return worker;
  }

  /** What the admin API does: the row (with its request audited) and the job. */
  async function requestExport(kind: 'audit' | 'usage_report', format: 'csv' | 'jsonl', filters: Record<string, unknown>): Promise<string> {
    const id = await dataSource.transaction(async (m) => {
      const [row] = (await m.query(`INSERT INTO export_jobs (org_id, kind, format, filters) VALUES ($1, $2, $3, $4) RETURNING id`, [orgId, kind, format, JSON.stringify(filters)])) as Array<{ id: string }>;
      await appendAuditEvent(m, { orgId, actor: { type: 'system', id: 'test', authMethod: 'system' }, action: kind === 'audit' ? 'audit.export_requested' : 'usage_report.requested', target: { type: 'export', id: row.id }, result: 'success' });
      return row.id;
    });
    await queue.add(kind, exportJobSchema.parse({ exportId: id, orgId, kind }), { jobId: id });
    return id;
  }

  async function finished(id: string) {
    return waitFor(
      async () => {
        const [row] = (await dataSource.query('SELECT * FROM export_jobs WHERE id = $1', [id])) as Array<Record<string, unknown> & { status: string }>;
        return row.status === 'succeeded' || row.status === 'failed' ? row : null;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ns = createTestRedisPrefix();
    dataSource = await createDataSource({ url: db.url }).initialize();
    connection = new Redis(ns.url, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.Exports, { connection, prefix: ns.prefix });
    exportsDir = mkdtempSync(join(tmpdir(), 'sluice-exports-'));
    [{ id: orgId }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme') RETURNING id`)) as Array<{ id: string }>;
    [{ id: teamA }] = (await dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'alpha') RETURNING id`, [orgId])) as Array<{ id: string }>;
    [{ id: teamB }] = (await dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, '=beta') RETURNING id`, [orgId])) as Array<{ id: string }>;
    for (let batch = 0; batch < AUDIT_EVENTS / 500; batch++) {
      await dataSource.transaction(async (m) => {
        for (let i = 0; i < 500; i++) {
          const n = batch * 500 + i;
          await appendAuditEvent(m, { orgId, actor: { type: 'user', id: `user-${n % 4}`, authMethod: 'session' }, action: n % 3 ? 'api_key.created' : 'api_key.revoked', target: { type: 'api_key', id: `k${n}` }, after: { n }, result: 'success' });
        }
      });
    }
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await queue?.close();
    connection?.disconnect();
    await dataSource?.destroy();
    rmSync(exportsDir, { recursive: true, force: true });
    await ns?.flush();
    await db?.drop();
  });

  it.each(['jsonl', 'csv'] as const)('exports %s of every audit event; the file and its manifest verify with the public key; completion is audited', async (format) => {
    await startWorker();
    const id = await requestExport('audit', format, {});
    const row = await finished(id);
    expect(row).toMatchObject({ status: 'succeeded', file_name: `${id}.${format}`, error: null });
    const manifest = row.manifest as { rowCount: number; signature: { keyId: string }; chainVerified: boolean };
    expect(manifest.rowCount).toBeGreaterThanOrEqual(AUDIT_EVENTS);
    expect(Number(row.rows_written)).toBe(manifest.rowCount);
    expect(Number(row.rows_estimated)).toBeGreaterThanOrEqual(AUDIT_EVENTS);
    expect(manifest).toMatchObject({ chainVerified: true, signature: { keyId: key.keyId } });
    const file = join(exportsDir, `${id}.${format}`);
    expect(await verifyAuditExport({ file, manifest, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true });
    expect(await verifyAuditExport({ file, manifest, publicKeyPem: generateDevSigningKey().publicKeyPem })).toMatchObject({ ok: false, problem: 'wrong_key' });
    const events = (await dataSource.query(`SELECT action, actor_type, result FROM audit_events WHERE org_id = $1 AND target_id = $2 ORDER BY seq`, [orgId, id])) as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toEqual(['audit.export_requested', 'audit.export_completed']);
    expect(await verifyAuditChain(dataSource, orgId)).toMatchObject({ ok: true });
  });

  it('a filtered export holds only the matching events', async () => {
    const id = await requestExport('audit', 'jsonl', { action: 'api_key.revoked', actorId: 'user-1' });
    const row = await finished(id);
    const lines = readFileSync(join(exportsDir, `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor_id: string });
    expect(lines.length).toBe((row.manifest as { rowCount: number }).rowCount);
    expect(lines.length).toBe(Array.from({ length: AUDIT_EVENTS }, (_, n) => n).filter((n) => n % 3 === 0 && n % 4 === 1).length);
    expect(lines.every((l) => l.action === 'api_key.revoked' && l.actor_id === 'user-1')).toBe(true);
  });

  it('writes a usage report CSV whose totals per team and month match the ingested usage events', async () => {
    const base = Date.parse('2026-10-30T00:00:00Z');
    const usage: UsageEvent[] = Array.from({ length: 900 }, (_, i) => ({
      eventId: randomUUID(), requestId: `r${i}`, occurredAt: new Date(base + (i % 90) * 3_600_000 + i).toISOString(), orgId, teamId: i % 3 === 0 ? teamB : teamA,
      apiKeyId: null, userId: null, endpoint: 'chat.completions', model: i % 2 ? 'gpt-4o-mini' : 'claude-sonnet', provider: 'mock', deploymentId: null,
      status: 'success', httpStatus: 200, errorCode: null, promptTokens: 10 + (i % 7), completionTokens: 3 + (i % 5), cachedTokens: 0, costUsd: (i % 11) / 10_000,
      latencyMs: 20, ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
    }));
    const pool = new Pool({ connectionString: db.url, max: 1 });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const rollups = new RollupAccumulator();
      for (const row of await insertRequestLogs(client, usage)) rollups.add(row);
      await rollups.upsert(client);
      await client.query('COMMIT');
    } finally {
      client.release();
      await pool.end();
    }

    const id = await requestExport('usage_report', 'csv', { from: '2026-10-01T00:00:00Z', to: '2026-12-01T00:00:00Z', groupBy: 'team', period: 'month' });
    const row = await finished(id);
    expect(row.status).toBe('succeeded');
    const lines = readFileSync(join(exportsDir, `${id}.csv`), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('"period_start","period_end","team_id","team_name","model","requests","prompt_tokens","completion_tokens","total_tokens","cost_usd"');
    const cells = lines.slice(1).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
    for (const [teamId, name] of [[teamA, 'alpha'], [teamB, "'=beta"]] as const) {
      for (const month of ['2026-10', '2026-11']) {
        const expected = usage.filter((e) => e.teamId === teamId && e.occurredAt.startsWith(month));
        const line = cells.find((c) => c[2] === teamId && c[0].startsWith(month));
        expect(line).toBeDefined();
        expect(line?.[3]).toBe(name);
        expect(Number(line?.[5])).toBe(expected.length);
        expect(Number(line?.[8])).toBe(expected.reduce((a, e) => a + e.promptTokens + e.completionTokens, 0));
        expect(Number(line?.[9])).toBeCloseTo(expected.reduce((a, e) => a + e.costUsd, 0), 8);
      }
    }
    const manifest = row.manifest as Record<string, unknown> & { totals: { requests: string }; rowCount: number };
    expect(manifest).toMatchObject({ kind: 'usage_report', rowCount: 4, totals: { requests: '900' } });
    expect(verifyJsonDocumentSignature(manifest, key.publicKeyPem)).toBe(true);
    expect(verifyJsonDocumentSignature({ ...manifest, rowCount: 5 }, key.publicKeyPem)).toBe(false);
    const actions = (await dataSource.query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq`, [id])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['usage_report.requested', 'usage_report.completed']);
  });

  it('fails the export, audited, when production runs without a signing key', async () => {
    for (const w of workers.splice(0)) await w.close();
    await startWorker({ NODE_ENV: 'production', SLUICE_AUDIT_SIGNING_KEY: '', SLUICE_KEK: randomBytes(32).toString('base64') });
    const id = await requestExport('audit', 'csv', {});
    const row = await finished(id);
    expect(row).toMatchObject({ status: 'failed', file_name: null });
    expect(String(row.error)).toContain('SLUICE_AUDIT_SIGNING_KEY');
    const [event] = (await dataSource.query(`SELECT action, result FROM audit_events WHERE target_id = $1 AND action = 'audit.export_failed'`, [id])) as Array<{ result: string }>;
    expect(event).toMatchObject({ result: 'failure' });
  });
});
