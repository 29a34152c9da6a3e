import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { usageEventSchema, type UsageEvent } from '@sluice/contracts';
import { freePort } from '@sluice/testing';
import { ingestBatches } from './ingest-batches';
import { UsageIngestCoalescer } from './usage-ingest-coalescer';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const PGLITE_SERVER = join(ROOT, 'scripts', 'lib', 'pglite-server.mjs');
const MIGRATE = join(ROOT, 'libs', 'db', 'dist', 'cli', 'migrate.js');

let server: ChildProcess;
let dataDir: string;
let url: string;
let pool: Pool;

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

/** `npm start`'s database: usage ingestion must work on it and leave it answering (a COPY there hangs every connection). */
describe("usage ingestion on npm start's embedded PGlite (real PGlite server, migrations, pg over the wire)", () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sluice-pglite-'));
    const port = await freePort();
    server = await startPglite(port);
    url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    await promisify(execFile)(process.execPath, [MIGRATE, 'up'], { env: { ...process.env, DATABASE_URL: url } });
    pool = new Pool({ connectionString: url, max: 4, query_timeout: 30_000 });
  });

  afterAll(async () => {
    await pool?.end();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes batches with the insert method, counts a redelivery once, keeps rollups in step, and the database still answers', async () => {
    const orgId = randomUUID();
    const first = Array.from({ length: 20 }, () => event(orgId));
    expect(await ingestBatches(pool, [first], 'insert')).toEqual([20]);
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
});
