import { mkdtempSync, promises as fs, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Pool } from 'pg';
import {
  createTestDatabase,
  freePort,
  RedisServerProcess,
  settledUsageRows,
  spawnService,
  startConstantLoad,
  startMockProvider,
  type MockProviderProcess,
  type SpawnedService,
  type TestDatabase,
} from '@sluice/testing';

jest.setTimeout(240_000);
/** Processes start slowly on a loaded 2-core CI machine (several start at once). */
const READY_TIMEOUT_MS = 90_000;

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const GATEWAY_ENTRY = join(WORKSPACE_ROOT, 'apps', 'gateway', 'dist', 'main.js');
const WORKER_ENTRY = join(WORKSPACE_ROOT, 'apps', 'worker', 'dist', 'main.js');
const KEY = 'sk-sluice-redisdown300123456789abcdefghijklmn';
const OUTAGE_MS = 30_000;

/** Fail open, with a limit on the key: during the outage the gateway enforces its local share and keeps serving. */
function config(mockUrl: string): string {
  return `
version: 1
organization: redis-outage-30s
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-key }
models:
  - name: gpt-4o-mini
    deployments: [{ provider: mock, model: gpt-4o-mini }]
keys:
  - { name: loaded, key: ${KEY}, limits: { rpm: 100000 } }
governance: { failMode: open, expectedInstances: 1 }
`;
}

interface Answer {
  status: number;
  requestId: string;
  error?: string;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

/**
 * Issue #9, "Redis unavailable for 30 s under load": a gateway process and a worker process on a
 * private redis-server, which is SIGKILLed for 30 s while constant traffic flows. The organization
 * fails open; usage events are spooled to disk and replayed; every request ends up as exactly one row.
 */
describe('Redis down for 30 s under constant load (gateway + worker processes, own redis-server, Postgres)', () => {
  let redis: RedisServerProcess;
  let database: TestDatabase;
  let mock: MockProviderProcess;
  let worker: SpawnedService;
  let gateway: SpawnedService;
  let pool: Pool;
  let spoolDir: string;

  beforeAll(async () => {
    [redis, database, mock] = await Promise.all([RedisServerProcess.start(), createTestDatabase(), startMockProvider()]);
    pool = new Pool({ connectionString: database.url, max: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'sluice-redis-outage-'));
    const configFile = join(dir, 'sluice.yaml');
    writeFileSync(configFile, config(mock.url));
    spoolDir = join(dir, 'spool');
    const queuePrefix = `redis_outage_${process.pid}`;
    const [workerPort, gatewayPort] = [await freePort(), await freePort()];
    worker = await spawnService({
      name: 'worker',
      entry: WORKER_ENTRY,
      env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix, WORKER_HEALTH_PORT: String(workerPort), LOG_LEVEL: 'warn' },
      url: `http://127.0.0.1:${workerPort}`,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    gateway = await spawnService({
      name: 'gateway',
      entry: GATEWAY_ENTRY,
      env: {
        ...process.env,
        SLUICE_CONFIG: configFile, REDIS_URL: redis.url, QUEUE_PREFIX: queuePrefix, GATEWAY_PORT: String(gatewayPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
        SLUICE_KEY_PEPPER: 'redis-outage-pepper-0123456789', USAGE_SPOOL_DIR: spoolDir, USAGE_BATCH_SIZE: '50', USAGE_FLUSH_INTERVAL_MS: '100',
      },
      url: `http://127.0.0.1:${gatewayPort}`,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await worker?.stop();
    await mock?.stop();
    await pool?.end();
    await redis?.kill();
    await database?.drop();
  });

  async function chat(n: number): Promise<Answer> {
    try {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: `request ${n}` }] }),
      });
      const body = await res.text();
      return { status: res.status, requestId: res.headers.get('x-request-id') ?? '', ...(res.status === 200 ? {} : { error: body.slice(0, 300) }) };
    } catch (error) {
      return { status: 0, requestId: '', error: String(error) };
    }
  }

  const spoolFiles = async () => (await fs.readdir(spoolDir).catch(() => [])).filter((name) => name.endsWith('.batch'));

  it('serves every request (fail open), spools usage while Redis is away, and ends with exactly one usage row per request', async () => {
    const load = startConstantLoad({ lanes: 4, paceMs: 100, send: chat });
    await delay(5000);

    const outageFrom = Date.now();
    await redis.kill();
    let maxSpooled = 0;
    while (Date.now() - outageFrom < OUTAGE_MS) {
      maxSpooled = Math.max(maxSpooled, (await spoolFiles()).length);
      await delay(500);
    }
    await redis.restart();
    const outageTo = Date.now();
    await delay(5000);
    const samples = await load.stop();

    const failed = samples.filter((s) => s.result.status !== 200);
    const during = samples.filter((s) => s.startedAt >= outageFrom && s.startedAt < outageTo);
    const requestIds = samples.map((s) => s.result.requestId);
    const settled = await settledUsageRows(pool, requestIds, samples.length, { timeoutMs: 120_000 });
    const leftInSpool = (await spoolFiles()).length;
    console.log(
      `[resilience] Redis down ${((outageTo - outageFrom) / 1000).toFixed(1)} s under load: ${samples.length.toLocaleString('en-US')} requests ` +
        `(${during.length.toLocaleString('en-US')} during the outage), ${failed.length} not 200 (fail mode open); ` +
        `up to ${maxSpooled} usage batch files spooled, ${leftInSpool} left after replay; ` +
        `${settled.rows.toLocaleString('en-US')} usage rows for ${settled.distinct.toLocaleString('en-US')} distinct request ids; ` +
        `latency p95 ${percentile(during.map((s) => s.latencyMs), 0.95)} ms during the outage`,
    );

    expect(failed.slice(0, 5)).toEqual([]);
    expect(new Set(requestIds).size).toBe(samples.length);
    expect(during.length).toBeGreaterThan(200);
    expect(maxSpooled).toBeGreaterThan(0);
    expect(settled).toEqual({ rows: samples.length, distinct: samples.length });
    expect(leftInSpool).toBe(0);
    // Both processes rode the outage out: nobody restarted them.
    expect(gateway.process.exitCode).toBeNull();
    expect(worker.process.exitCode).toBeNull();
  });
});
