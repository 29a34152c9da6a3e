import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, generateDevSigningKey, loadSigningKey } from '@sluice/audit';
import { usageEventSchema, type UsageEvent } from '@sluice/contracts';
import { createDataSource } from '@sluice/db';
import { freePort } from '@sluice/testing';
import { runAuditExport } from './exports/audit-export.job';
import { ExportProgress } from './exports/export-progress';
import { ingestBatches } from './usage/ingest-batches';
import { UsageIngestCoalescer } from './usage/usage-ingest-coalescer';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..');
const PGLITE_SERVER = join(ROOT, 'scripts', 'lib', 'pglite-server.mjs');
const MIGRATE = join(ROOT, 'libs', 'db', 'dist', 'cli', 'migrate.js');

let server: ChildProcess;
let dataDir: string;
let url: string;
let pool: Pool;
let dataSource: DataSource;

function event(orgId: string): UsageEvent {
  return usageEventSchema.parse({
    eventId: randomUUID(), requestId: `req-${randomUUID()}`, occurredAt: new Date().toISOString(), orgId, teamId: null, apiKeyId: null, userId: null,
    endpoint: 'chat.completions', model: 'gpt-4o-mini', provider: 'mock', deploymentId: 'd1', status: 'success', httpStatus: 200, errorCode: null,
    promptTokens: 10, completionTokens: 5, cachedTokens: 0, costUsd: 0.0000123, latencyMs: 12, ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
  });
}

/** Starts the embedded PGlite server exactly as `npm start` does (scripts/lib/pglite-server.mjs, in its own Node process). */
async function startPglite(port: number): Promise<ChildProcess> {
  const script = `
    const { startPgliteServer } = await import(${JSON.stringify(PGLITE_SERVER)});
    const server = await startPgliteServer({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, maxConnections: 10 });
    process.stdout.write('ready\\n');
    process.on('SIGTERM', async () => { await server.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PGlite did not start in 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`PGlite exited with ${code}:\n${output}`)));
  });
  return child;
}

/** Fails instead of hanging: on PGlite a wait between two connections never ends, and every later query waits behind it. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms (the embedded database is stuck)`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `npm start`'s database, PGlite: one session that serialises every connection's transactions. The
 * worker's jobs must neither use what its socket server cannot do (COPY) nor wait, inside a
 * transaction, for another connection — either leaves every service hanging.
 */
describe("the worker on npm start's embedded PGlite (real PGlite server, migrations, pg over the wire)", () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sluice-pglite-'));
    const port = await freePort();
    server = await startPglite(port);
    url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    await promisify(execFile)(process.execPath, [MIGRATE, 'up'], { env: { ...process.env, DATABASE_URL: url } });
    pool = new Pool({ connectionString: url, max: 4, query_timeout: 30_000 });
    dataSource = await createDataSource({ url, poolSize: 3 }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await pool?.end();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes usage batches with the insert method, counts a redelivery once, keeps rollups in step, and the database still answers', async () => {
    const orgId = randomUUID();
    const first = Array.from({ length: 20 }, () => event(orgId));
    expect(await within(30_000, 'usage ingestion', ingestBatches(pool, [first], 'insert'))).toEqual([20]);
    expect(await ingestBatches(pool, [first, [event(orgId)]], 'insert')).toEqual([0, 1]);
    // Two writers at once, as the worker runs them: PGlite serialises their transactions.
    const coalescer = new UsageIngestCoalescer(pool, { maxEventsPerTransaction: 50, writers: 2, method: 'insert' });
    const inserted = await Promise.all(Array.from({ length: 6 }, () => coalescer.ingest(Array.from({ length: 30 }, () => event(orgId)))));
    expect(inserted).toEqual([30, 30, 30, 30, 30, 30]);
    const { rows } = await pool.query<{ logs: number; rolled: number }>(
      `SELECT (SELECT count(*)::int FROM request_logs WHERE org_id = $1) AS logs,
              (SELECT coalesce(sum(request_count), 0)::int FROM usage_rollups WHERE org_id = $1 AND grain = 'day') AS rolled`,
      [orgId],
    );
    expect(rows[0]).toEqual({ logs: 201, rolled: 201 });
  });

  it('runs an audit export (cursor snapshot and progress on two connections) to a verified manifest, and the database still answers', async () => {
    const [{ id: orgId }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ($1, $1) RETURNING id`, [`pglite-${randomUUID().slice(0, 8)}`])) as Array<{ id: string }>;
    for (let i = 0; i < 25; i++) {
      await dataSource.transaction((manager) =>
        appendAuditEvent(manager, { orgId, actor: { type: 'user', id: 'u1', authMethod: 'session' }, action: 'api_key.created', target: { type: 'api_key', id: `k${i}` }, result: 'success' }),
      );
    }
    const [{ id: exportId }] = (await dataSource.query(`INSERT INTO export_jobs (org_id, kind, format, filters) VALUES ($1, 'audit', 'csv', '{}') RETURNING id`, [orgId])) as Array<{ id: string }>;
    const exportsDir = mkdtempSync(join(tmpdir(), 'sluice-pglite-exports-'));
    try {
      const progress = new ExportProgress(dataSource, exportId);
      const signingKey = loadSigningKey(generateDevSigningKey().privateKeyBase64);
      const result = await within(30_000, 'audit export', runAuditExport({ dataSource, exportId, orgId, format: 'csv', filters: {}, exportsDir, signingKey, progress }));
      await within(30_000, 'progress writes', progress.settled());
      expect(result.manifest).toMatchObject({ rowCount: 25, chainVerified: true, chainBreak: null });
      const [row] = (await dataSource.query('SELECT rows_written::int AS rows_written, rows_estimated::int AS rows_estimated FROM export_jobs WHERE id = $1', [exportId])) as Array<{ rows_written: number; rows_estimated: number }>;
      expect(row).toMatchObject({ rows_written: 25, rows_estimated: 25 });
    } finally {
      rmSync(exportsDir, { recursive: true, force: true });
    }
  });
});
