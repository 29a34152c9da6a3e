import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, generateDevSigningKey, verifyAuditChain, verifyAuditExport } from '@sluice/audit';
import { QueueName } from '@sluice/contracts';
import { createDataSource } from '@sluice/db';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, createTestRedisPrefix, type TestDatabase, type TestRedisNamespace } from '@sluice/testing';
import { loadWorkerConfig } from '../config/worker-config';
import { startExportWorker, type ExportWorker } from '../exports/export.worker';
import { applyAuditRetention } from './audit-retention';

jest.setTimeout(120_000);

const DAY = 86_400_000;

describe('audit retention: export (signed) first, then an explicit, recorded purge (real Postgres + Redis)', () => {
  let db: TestDatabase;
  let ns: TestRedisNamespace;
  let dataSource: DataSource;
  let connection: Redis;
  let exportsQueue: Queue;
  let exportWorker: ExportWorker;
  let exportsDir: string;
  let orgId: string;
  let otherOrg: string;
  const key = generateDevSigningKey();
  const logger = createLogger('audit-retention-test', 'silent');

  async function audit(org: string, count: number): Promise<void> {
    await dataSource.transaction(async (m) => {
      for (let i = 0; i < count; i++) {
        await appendAuditEvent(m, { orgId: org, actor: { type: 'system', id: 'test', authMethod: 'system' }, action: 'policy.updated', target: { type: 'policy', id: `p${i}` }, result: 'success' });
      }
    });
  }

  const events = (org: string) => dataSource.query('SELECT seq, hash, action FROM audit_events WHERE org_id = $1 ORDER BY seq', [org]) as Promise<Array<{ seq: string; hash: string; action: string }>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    ns = createTestRedisPrefix();
    dataSource = await createDataSource({ url: db.url, poolSize: 3 }).initialize();
    connection = new Redis(ns.url, { maxRetriesPerRequest: null });
    exportsDir = mkdtempSync(join(tmpdir(), 'sluice-audit-retention-'));
    exportsQueue = new Queue(QueueName.Exports, { connection, prefix: ns.prefix });
    const config = loadWorkerConfig({ DATABASE_URL: db.url, REDIS_URL: ns.url, QUEUE_PREFIX: ns.prefix, LOG_LEVEL: 'silent', EXPORTS_DIR: exportsDir, SLUICE_AUDIT_SIGNING_KEY: key.privateKeyBase64 });
    exportWorker = await startExportWorker(config, connection, logger);
    [{ id: orgId }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme') RETURNING id`)) as Array<{ id: string }>;
    [{ id: otherOrg }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
  });

  afterAll(async () => {
    await exportWorker?.close();
    await exportsQueue?.close();
    connection?.disconnect();
    await dataSource?.destroy();
    await ns?.flush();
    await db?.drop();
    rmSync(exportsDir, { recursive: true, force: true });
  });

  it('refuses ad-hoc deletes and a purge without a matching succeeded export', async () => {
    await audit(otherOrg, 3);
    await expect(dataSource.query('DELETE FROM audit_events WHERE org_id = $1', [otherOrg])).rejects.toThrow(/append-only/);
    await expect(dataSource.query('SELECT * FROM sluice_purge_audit_events($1, now(), gen_random_uuid())', [otherOrg])).rejects.toThrow(/succeeded audit export/);
    expect(await events(otherOrg)).toHaveLength(3);
  });

  it('exports the expired range through the export worker, verifies it, deletes it (keeping the boundary event), and audits the purge', async () => {
    await audit(orgId, 40);
    const before = await events(orgId);
    // Every event so far is older than the cutoff when "now" is ten days ahead with a five-day retention.
    const now = new Date(Date.now() + 10 * DAY);
    const purges = await applyAuditRetention({ dataSource, exportsQueue, exportsDir, publicKeyPem: key.publicKeyPem, logger }, now, { days: 5, exportTimeoutMs: 60_000 });
    // One purge per organization with expired events (both here), in no particular order.
    expect(purges.map((p) => p.orgId).sort()).toEqual([orgId, otherOrg].sort());
    const purge = purges.find((p) => p.orgId === orgId)!;

    // The export went through the regular export machinery: an export_jobs row, signed manifest, verifying file.
    const [job] = (await dataSource.query(`SELECT status, file_name, manifest, filters FROM export_jobs WHERE id = $1`, [purge.exportId])) as Array<{
      status: string;
      file_name: string;
      manifest: { rowCount: number; firstSeq: number; lastSeq: number; fileSha256: string };
      filters: Record<string, string>;
    }>;
    expect(job.status).toBe('succeeded');
    expect(job.filters).toEqual({ to: purge.cutoff });
    expect(await verifyAuditExport({ file: join(exportsDir, job.file_name), manifest: job.manifest, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true });
    // It holds every event that was there before, plus the retention's own export request.
    const exported = readFileSync(join(exportsDir, job.file_name), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { seq: number });
    expect(exported.map((e) => e.seq)).toEqual(Array.from({ length: before.length + 1 }, (_, i) => i + 1));
    expect(job.manifest.lastSeq).toBe(before.length + 1);

    // Deleted: every exported event but the last, which stays as the start of the remaining chain.
    const after = await events(orgId);
    expect(purge.purgedRows).toBe(before.length);
    expect(purge.boundarySeq).toBe(job.manifest.lastSeq);
    expect(Number(after[0].seq)).toBe(job.manifest.lastSeq);
    expect(after.map((e) => e.action)).toEqual(['audit.export_requested', 'audit.export_completed', 'audit.retention_purged']);
    const [record] = (await dataSource.query(`SELECT deleted_count, first_deleted_seq, kept_seq, kept_hash, export_id, export_file_sha256 FROM audit_retention_purges WHERE org_id = $1`, [orgId])) as Array<{
      deleted_count: string;
      first_deleted_seq: string;
      kept_seq: string;
      kept_hash: string;
      export_id: string;
      export_file_sha256: string;
    }>;
    expect(record).toMatchObject({ export_id: purge.exportId, export_file_sha256: job.manifest.fileSha256, kept_hash: after[0].hash });
    expect([Number(record.deleted_count), Number(record.first_deleted_seq), Number(record.kept_seq)]).toEqual([before.length, 1, job.manifest.lastSeq]);
    // The remaining chain verifies from the boundary on.
    expect(await verifyAuditChain(dataSource, orgId, { fromSeq: job.manifest.lastSeq + 1 })).toMatchObject({ ok: true, count: 2 });
    // Verifying "the whole chain" starts after the purge boundary, anchored on the hash the purge recorded, and says so.
    expect(await verifyAuditChain(dataSource, orgId)).toMatchObject({ ok: true, count: 2, retention: { keptSeq: job.manifest.lastSeq, exportId: purge.exportId } });
    // Each organization is exported and purged on its own (its own export, its own record).
    const otherPurged = (await dataSource.query(`SELECT count(*)::int AS n FROM audit_retention_purges WHERE org_id = $1`, [otherOrg])) as Array<{ n: number }>;
    expect(otherPurged[0].n).toBe(1);

    // A later pass (new events, a later cutoff) exports again from the boundary on and purges up to its new boundary.
    await audit(orgId, 5);
    const later = new Date(now.getTime() + 2 * DAY);
    const second = (await applyAuditRetention({ dataSource, exportsQueue, exportsDir, publicKeyPem: key.publicKeyPem, logger }, later, { days: 5, exportTimeoutMs: 60_000 })).find((p) => p.orgId === orgId)!;
    expect(second.exportId).not.toBe(purge.exportId);
    const [secondJob] = (await dataSource.query(`SELECT file_name, manifest FROM export_jobs WHERE id = $1`, [second.exportId])) as Array<{ file_name: string; manifest: { firstSeq: number; lastSeq: number } }>;
    expect(secondJob.manifest.firstSeq).toBe(job.manifest.lastSeq);
    expect(await verifyAuditExport({ file: join(exportsDir, secondJob.file_name), manifest: secondJob.manifest, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true });
    const remaining = await events(orgId);
    expect(Number(remaining[0].seq)).toBe(secondJob.manifest.lastSeq);
    expect(second.purgedRows).toBe(secondJob.manifest.lastSeq - job.manifest.lastSeq);
    expect(await verifyAuditChain(dataSource, orgId, { fromSeq: secondJob.manifest.lastSeq + 1 })).toMatchObject({ ok: true });
    expect(await verifyAuditChain(dataSource, orgId)).toMatchObject({ ok: true, retention: { keptSeq: secondJob.manifest.lastSeq } });

    // A purge record whose boundary hash no longer matches the kept event is reported, not trusted.
    await dataSource.query(`UPDATE audit_retention_purges SET kept_hash = repeat('0', 64) WHERE export_id = $1`, [second.exportId]);
    expect(await verifyAuditChain(dataSource, orgId)).toMatchObject({ ok: false, reason: 'anchor_mismatch', firstBrokenSeq: secondJob.manifest.lastSeq });
  });
});
