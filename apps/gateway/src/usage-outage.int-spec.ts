import { spawn } from 'node:child_process';
import { mkdtempSync, promises as fs, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { createTestDatabase, freePort, RedisServerProcess, spawnService, startMockProvider, type MockProviderProcess, type SpawnedService, type TestDatabase } from '@sluice/testing';
import { loadGatewayConfig } from './config/gateway-config';
import { createGatewayApp } from './main';
import { decodeSpoolRecord } from './usage/usage-spool-record';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const KEY = 'sk-sluice-usageoutage0123456789abcdefghijklmn';

function standaloneConfig(mockUrl: string): string {
  return `
version: 1
organization: usage-outage
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-key }
models:
  - name: gpt-4o-mini
    deployments: [{ provider: mock, model: gpt-4o-mini }]
keys:
  - { name: outage, key: ${KEY} }
`;
}

interface Sent {
  requestId: string;
  status: number;
  startedAt: number;
  latencyMs: number;
}

async function chat(baseUrl: string, text: string): Promise<Sent> {
  const startedAt = Date.now();
  const res = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }),
  });
  await res.arrayBuffer();
  return { requestId: res.headers.get('x-request-id') ?? '', status: res.status, startedAt, latencyMs: Date.now() - startedAt };
}

async function spoolBatchFiles(dir: string): Promise<string[]> {
  return (await fs.readdir(dir).catch(() => [])).filter((name) => name.endsWith('.batch'));
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

describe('usage events survive a Redis outage: spool, replay, exactly one row per request (own redis-server, real worker, Postgres)', () => {
  let redis: RedisServerProcess;
  let database: TestDatabase;
  let mock: MockProviderProcess;
  let worker: SpawnedService;
  let pool: Pool;
  let configFile: string;
  const queuePrefix = `usage_outage_${process.pid}`;
  let rowsExpected = 0;

  /** Waits until request_logs holds `expected` rows for these request ids and stays there for a second. */
  async function settledRows(requestIds: string[], expected: number, timeoutMs = 90_000): Promise<{ rows: number; distinct: number }> {
    const deadline = Date.now() + timeoutMs;
    let last = { rows: -1, distinct: -1 };
    let stableSince = Date.now();
    while (Date.now() < deadline) {
      const { rows } = await pool.query<{ rows: number; distinct: number }>(
        'SELECT count(*)::int AS rows, count(DISTINCT request_id)::int AS distinct FROM request_logs WHERE request_id = ANY($1)',
        [requestIds],
      );
      if (rows[0].rows !== last.rows) stableSince = Date.now();
      last = rows[0];
      if (last.rows >= expected && Date.now() - stableSince >= 1000) return last;
      await delay(200);
    }
    return last;
  }

  beforeAll(async () => {
    [redis, database, mock] = await Promise.all([RedisServerProcess.start(), createTestDatabase(), startMockProvider()]);
    pool = new Pool({ connectionString: database.url, max: 2 });
    const healthPort = await freePort();
    worker = await spawnService({
      name: 'worker',
      entry: join(WORKSPACE_ROOT, 'apps', 'worker', 'dist', 'main.js'),
      env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix, WORKER_HEALTH_PORT: String(healthPort), LOG_LEVEL: 'warn' },
      url: `http://127.0.0.1:${healthPort}`,
    });
    configFile = join(mkdtempSync(join(tmpdir(), 'sluice-usage-outage-')), 'sluice.yaml');
    writeFileSync(configFile, standaloneConfig(mock.url));
  });

  afterAll(async () => {
    await worker?.stop();
    await mock?.stop();
    await pool?.end();
    await redis?.kill();
    await database?.drop();
  });

  it('counts exactly one usage row per request when Redis crashes mid-traffic and comes back', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'sluice-spool-a-'));
    const config = loadGatewayConfig(
      { SLUICE_CONFIG: configFile, REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'silent', USAGE_SPOOL_DIR: spoolDir, USAGE_BATCH_SIZE: '25', USAGE_FLUSH_INTERVAL_MS: '100' },
      [],
    );
    const app: NestFastifyApplication = await createGatewayApp(config);
    await app.listen(0, '127.0.0.1');
    const baseUrl = await app.getUrl();

    const total = 600;
    const parallel = 4;
    const paceMs = 60;
    const started = Date.now();
    const sent: Sent[] = [];
    let next = 0;
    const lanes = Array.from({ length: parallel }, async () => {
      while (next < total) {
        const n = next++;
        const lapStarted = Date.now();
        sent.push(await chat(baseUrl, `request ${n}`));
        await delay(Math.max(0, paceMs - (Date.now() - lapStarted)));
      }
    });
    let spooledDuringOutage = 0;
    let outage = { from: 0, to: 0 };
    const chaos = (async () => {
      await delay(3000);
      outage.from = Date.now();
      await redis.kill();
      const until = Date.now() + 4000;
      while (Date.now() < until) {
        spooledDuringOutage = Math.max(spooledDuringOutage, (await spoolBatchFiles(spoolDir)).length);
        await delay(200);
      }
      await redis.restart();
      outage = { ...outage, to: Date.now() };
    })();
    await Promise.all([...lanes, chaos]);
    const trafficMs = Date.now() - started;

    try {
      expect(sent).toHaveLength(total);
      expect(sent.filter((s) => s.status !== 200)).toEqual([]);
      const requestIds = sent.map((s) => s.requestId);
      expect(new Set(requestIds).size).toBe(total);
      expect(spooledDuringOutage).toBeGreaterThan(0);

      const during = sent.filter((s) => s.startedAt >= outage.from && s.startedAt < outage.to).map((s) => s.latencyMs);
      const before = sent.filter((s) => s.startedAt < outage.from).map((s) => s.latencyMs);
      expect(during.length).toBeGreaterThan(100);
      // Far below the enqueue timeout and Redis reconnect delays: no request waited on Redis.
      expect(percentile(during, 0.95)).toBeLessThan(1000);

      const settled = await settledRows(requestIds, total);
      expect(settled).toEqual({ rows: total, distinct: total });
      expect(await spoolBatchFiles(spoolDir)).toEqual([]);
      rowsExpected += total;
      console.log(
        `Redis down ${((outage.to - outage.from) / 1000).toFixed(1)} s: ${total} requests in ${(trafficMs / 1000).toFixed(1)} s, all 200, ` +
          `${settled.rows} usage rows (${settled.distinct} distinct request ids); up to ${spooledDuringOutage} batch files spooled; ` +
          `latency p95 ${percentile(before, 0.95)} ms before, ${percentile(during, 0.95)} ms during the outage (max ${Math.max(...during)} ms)`,
      );
    } finally {
      await app.close();
    }
  });

  it('on SIGTERM with Redis down, spools what is buffered; the next process replays it once Redis is back', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'sluice-spool-b-'));
    const gatewayEnv = async () => {
      const port = await freePort();
      const env = {
        ...process.env,
        SLUICE_CONFIG: configFile, REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix, GATEWAY_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info',
        USAGE_SPOOL_DIR: spoolDir, USAGE_BATCH_SIZE: '1000', USAGE_FLUSH_INTERVAL_MS: '600000', SHUTDOWN_DRAIN_MS: '10000',
      };
      return { env, url: `http://127.0.0.1:${port}` };
    };
    const entry = join(WORKSPACE_ROOT, 'apps', 'gateway', 'dist', 'main.js');

    const first = await gatewayEnv();
    const gateway1 = await spawnService({ name: 'gateway-1', entry, ...first });
    const sent: Sent[] = [];
    for (let i = 0; i < 20; i++) sent.push(await chat(first.url, `before the crash ${i}`));
    await redis.kill();
    for (let i = 0; i < 20; i++) sent.push(await chat(first.url, `while Redis is down ${i}`));
    expect(sent.filter((s) => s.status !== 200)).toEqual([]);
    const requestIds = sent.map((s) => s.requestId);

    expect(await gateway1.stop()).toBe(0);
    const files = await spoolBatchFiles(spoolDir);
    expect(files.length).toBeGreaterThan(0);
    const spooled: string[] = [];
    for (const file of files) {
      const decoded = decodeSpoolRecord(await fs.readFile(join(spoolDir, file)));
      if (!decoded.ok) throw new Error(`${file}: ${decoded.reason}`);
      spooled.push(...decoded.batch.events.map((e) => e.requestId));
    }
    expect(spooled.sort()).toEqual([...requestIds].sort());
    await expect(fs.stat(join(spoolDir, 'spool.lock'))).rejects.toMatchObject({ code: 'ENOENT' });

    await redis.restart();
    const second = await gatewayEnv();
    const gateway2 = await spawnService({ name: 'gateway-2', entry, ...second });
    try {
      const settled = await settledRows(requestIds, requestIds.length);
      expect(settled).toEqual({ rows: 40, distinct: 40 });
      expect(await spoolBatchFiles(spoolDir)).toEqual([]);
      rowsExpected += 40;
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM request_logs');
      expect(rows[0].n).toBe(rowsExpected);
      console.log(`SIGTERM with Redis down: 40 buffered events spooled in ${files.length} file(s), replayed by the next process: 40 usage rows`);

      // A third process on the same spool directory refuses to start.
      const third = await gatewayEnv();
      const refused = spawn(process.execPath, [entry], { env: third.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      refused.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      refused.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => refused.once('exit', (code, signal) => resolve({ code, signal })));
      expect(exit.code === 0).toBe(false);
      expect(output).toMatch(/locked by live process \d+; every gateway instance needs its own USAGE_SPOOL_DIR/);
    } finally {
      await gateway2.stop();
    }
  });
});
