import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { computeRecordHash, EXPORT_COLUMNS, generateDevSigningKey, loadSigningKey, verifyAuditExport, type AuditRecord } from '@sluice/audit';
import { createDataSource } from '@sluice/db';
import { createTestDatabase, tamperAsSuperuser, type TestDatabase } from '@sluice/testing';
import { runAuditExport } from './audit-export.job';
import { ExportProgress } from './export-progress';

jest.setTimeout(180_000);
const EVENTS = 12_000;
const COLUMNS = EXPORT_COLUMNS;

describe('audit export job: one streamed pass that verifies the chain, progress recorded by time (real Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let exportsDir: string;
  const key = generateDevSigningKey();

  /** An org with a valid chain of `events` events, inserted 2,000 per statement (hashed like appendAuditEvent does). */
  async function createOrg(events: number): Promise<string> {
    const [{ id: orgId }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ($1, $1) RETURNING id`, [`org-${randomUUID().slice(0, 8)}`])) as Array<{ id: string }>;
    const start = Date.now() - events * 10;
    let prev: string | null = null;
    for (let first = 1; first <= events; first += 2000) {
      const records: AuditRecord[] = [];
      for (let seq = first; seq <= Math.min(events, first + 1999); seq++) {
        const unsigned: Omit<AuditRecord, 'hash'> = {
          id: randomUUID(), org_id: orgId, seq, occurred_at: new Date(start + seq * 10).toISOString(), actor_type: 'user', actor_id: `user-${seq % 4}`,
          actor_auth_method: 'session', action: seq % 3 ? 'api_key.created' : 'api_key.revoked', target_type: 'api_key', target_id: `k${seq}`,
          before: seq % 2 ? null : { name: `key ${seq}` }, after: { n: seq, tags: ['a', 'b'] }, ip: '203.0.113.7', user_agent: 'jest', result: 'success', request_id: `r${seq}`, prev_hash: prev,
        };
        const record = { ...unsigned, hash: computeRecordHash(unsigned) };
        prev = record.hash;
        records.push(record);
      }
      await dataSource.query(
        `INSERT INTO audit_events (${COLUMNS.join(', ')}) SELECT ${COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::audit_events, $1::jsonb)`,
        [JSON.stringify(records)],
      );
    }
    return orgId;
  }

  /** What an attacker with superuser access could do: change a stored event with the append-only triggers off. */
  const tamper = (sql: string, params: unknown[]) => tamperAsSuperuser(db.url, sql, params);

  async function exportRow(orgId: string): Promise<string> {
    const [{ id }] = (await dataSource.query(`INSERT INTO export_jobs (org_id, kind, format, filters) VALUES ($1, 'audit', 'jsonl', '{}') RETURNING id`, [orgId])) as Array<{ id: string }>;
    return id;
  }

  async function rowsWritten(exportId: string): Promise<number> {
    const [row] = (await dataSource.query('SELECT rows_written FROM export_jobs WHERE id = $1', [exportId])) as Array<{ rows_written: string | number }>;
    return Number(row.rows_written);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ url: db.url }).initialize();
    exportsDir = mkdtempSync(join(tmpdir(), 'sluice-audit-export-job-'));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    rmSync(exportsDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('stores rows_written at most once per interval, the first report at once', async () => {
    const exportId = await exportRow(await createOrg(1));
    let now = 10_000;
    const progress = new ExportProgress(dataSource, exportId, { intervalMs: 1000, now: () => now });
    progress.written(5000);
    await progress.settled();
    expect(await rowsWritten(exportId)).toBe(5000);
    now += 999;
    progress.written(10_000);
    await progress.settled();
    expect(await rowsWritten(exportId)).toBe(5000);
    now += 1;
    progress.written(15_000);
    await progress.settled();
    expect(await rowsWritten(exportId)).toBe(15_000);
  });

  it('exports a chain of several cursor batches that verifies, recording progress as it goes', async () => {
    const orgId = await createOrg(EVENTS);
    const exportId = await exportRow(orgId);
    const reports: number[] = [];
    const progress = new ExportProgress(dataSource, exportId, { intervalMs: 0 });
    const written = progress.written.bind(progress);
    progress.written = (rows) => {
      reports.push(rows);
      written(rows);
    };
    const result = await runAuditExport({ dataSource, exportId, orgId, format: 'jsonl', filters: {}, exportsDir, signingKey: loadSigningKey(key.privateKeyBase64), progress });
    // The writes went out in order, without holding up the stream; the last one is stored once they settle.
    await progress.settled();
    expect(await rowsWritten(exportId)).toBe(EVENTS);
    expect(result.manifest).toMatchObject({ rowCount: EVENTS, firstSeq: 1, lastSeq: EVENTS, chainVerified: true, chainBreak: null, chainHead: { seq: EVENTS } });
    expect(reports.length).toBeGreaterThan(1);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    expect(reports[reports.length - 1]).toBe(EVENTS);
    expect(await verifyAuditExport({ file: join(exportsDir, result.fileName), manifest: result.manifest, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true });
  });

  it.each([
    ['an edited event', 'hash_mismatch', `UPDATE audit_events SET result = 'denied' WHERE org_id = $1 AND seq = 7777`, 7777],
    ['a deleted event', 'seq_gap', `DELETE FROM audit_events WHERE org_id = $1 AND seq = 7777`, 7777],
    ['an edited chain head', 'hash_mismatch', `UPDATE audit_events SET action = 'audit.cleared' WHERE org_id = $1 AND seq = ${EVENTS}`, EVENTS],
  ] as const)('never signs chainVerified for a chain broken mid-stream (%s): the manifest names the first broken link', async (_name, reason, sql, seq) => {
    const orgId = await createOrg(EVENTS);
    await tamper(sql, [orgId]);
    const exportId = await exportRow(orgId);
    const result = await runAuditExport({ dataSource, exportId, orgId, format: 'csv', filters: {}, exportsDir, signingKey: loadSigningKey(key.privateKeyBase64), progress: new ExportProgress(dataSource, exportId) });
    expect(result.manifest).toMatchObject({ chainVerified: false, chainBreak: { seq, reason } });
    if (reason === 'hash_mismatch') {
      // The changed row is in the file: an offline verifier finds the same link broken.
      const offline = await verifyAuditExport({ file: join(exportsDir, result.fileName), manifest: result.manifest, publicKeyPem: key.publicKeyPem });
      expect(offline).toMatchObject({ ok: false, problem: 'chain_broken', detail: expect.stringContaining(`hash_mismatch: seq ${seq}`) });
    }
  });

  it('leaves no file and no partial file when the export fails mid-stream', async () => {
    const orgId = await createOrg(3000);
    const exportId = await exportRow(orgId);
    const before = readdirSync(exportsDir);
    const progress = new ExportProgress(dataSource, exportId, { intervalMs: 0 });
    progress.written = async () => {
      throw new Error('progress store unavailable');
    };
    await expect(runAuditExport({ dataSource, exportId, orgId, format: 'jsonl', filters: {}, exportsDir, signingKey: loadSigningKey(key.privateKeyBase64), progress })).rejects.toThrow('progress store unavailable');
    expect(readdirSync(exportsDir)).toEqual(before);
    expect(existsSync(join(exportsDir, `${exportId}.jsonl`))).toBe(false);
    // The export's snapshot connection went back to the pool: the pool still serves every connection.
    await Promise.all(Array.from({ length: 10 }, () => dataSource.query('SELECT pg_sleep(0.05)')));
  });
});
