import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import {
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  settledUsageRows,
  spawnService,
  startMockProvider,
  type MockProviderProcess,
  type SpawnedService,
  type TestDatabase,
  type TestRedisNamespace,
} from '@sluice/testing';

jest.setTimeout(180_000);
/** Processes start slowly on a loaded 2-core CI machine (several start at once). */
const READY_TIMEOUT_MS = 90_000;

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const GATEWAY_ENTRY = join(WORKSPACE_ROOT, 'apps', 'gateway', 'dist', 'main.js');
const WORKER_ENTRY = join(WORKSPACE_ROOT, 'apps', 'worker', 'dist', 'main.js');
const KEY = 'sk-sluice-sigtermdrain0123456789abcdefghijklm';
const STREAMS = 12;
/** Each stream: 24 tokens, 120 ms between events: a few seconds in flight. */
const STREAM_TOKENS = 24;

function config(mockUrl: string): string {
  return `
version: 1
organization: sigterm-drain
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-key }
models:
  - name: gpt-4o-mini
    deployments: [{ provider: mock, model: gpt-4o-mini }]
  - name: slow-stream
    deployments: [{ provider: mock, model: slow-stream }]
keys:
  - { name: drain, key: ${KEY} }
`;
}

interface OpenStream {
  requestId: string;
  /** Resolves with the whole SSE body once the gateway ends the response. */
  rest: Promise<string>;
  firstChunk: string;
}

/**
 * Issue #9, "gateway restarted with SIGTERM mid-stream": streams that are in flight when the gateway
 * process gets SIGTERM run to their end (drain), the process exits 0, and a new process on the same
 * spool takes over. Every request — before, mid-stream, after — has exactly one usage row.
 */
describe('gateway SIGTERM mid-stream: drain, then exactly one usage row per request (gateway + worker processes)', () => {
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let mock: MockProviderProcess;
  let worker: SpawnedService;
  let pool: Pool;
  let configFile: string;
  let spoolDir: string;
  const gateways: SpawnedService[] = [];

  beforeAll(async () => {
    [database, mock] = await Promise.all([createTestDatabase(), startMockProvider()]);
    redis = createTestRedisPrefix();
    await mock.configure({ models: { 'slow-stream': { chunkDelayMs: 120, outputTokens: STREAM_TOKENS } } });
    pool = new Pool({ connectionString: database.url, max: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'sluice-sigterm-'));
    configFile = join(dir, 'sluice.yaml');
    writeFileSync(configFile, config(mock.url));
    spoolDir = join(dir, 'spool');
    const workerPort = await freePort();
    worker = await spawnService({
      name: 'worker',
      entry: WORKER_ENTRY,
      env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, WORKER_HEALTH_PORT: String(workerPort), LOG_LEVEL: 'warn' },
      url: `http://127.0.0.1:${workerPort}`,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
  }, 240_000);

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await worker?.stop();
    await mock?.stop();
    await pool?.end();
    await redis?.flush();
    await database?.drop();
  });

  async function startGateway(name: string, flushIntervalMs: number): Promise<SpawnedService> {
    const port = await freePort();
    const gateway = await spawnService({
      name,
      entry: GATEWAY_ENTRY,
      env: {
        ...process.env,
        SLUICE_CONFIG: configFile, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, GATEWAY_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
        SLUICE_KEY_PEPPER: 'sigterm-drain-pepper-0123456789', USAGE_SPOOL_DIR: spoolDir, SHUTDOWN_DRAIN_MS: '30000',
        USAGE_FLUSH_INTERVAL_MS: String(flushIntervalMs), USAGE_BATCH_SIZE: '1000',
      },
      url: `http://127.0.0.1:${port}`,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    gateways.push(gateway);
    return gateway;
  }

  async function chat(gateway: SpawnedService, text: string): Promise<{ status: number; requestId: string }> {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 8, messages: [{ role: 'user', content: text }] }),
    });
    await res.arrayBuffer();
    return { status: res.status, requestId: res.headers.get('x-request-id') ?? '' };
  }

  /** Starts a stream and waits for its first bytes, so it is in flight for sure. */
  async function openStream(gateway: SpawnedService, i: number): Promise<OpenStream> {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow-stream', stream: true, messages: [{ role: 'user', content: `stream ${i}` }] }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    const firstChunk = decoder.decode(first.value, { stream: true });
    const rest = (async () => {
      let text = firstChunk;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    })();
    return { requestId: res.headers.get('x-request-id') ?? '', rest, firstChunk };
  }

  const contentOf = (sse: string) =>
    sse
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '')
      .join('');

  it('finishes every in-flight stream after SIGTERM, exits 0, and loses or duplicates no usage event', async () => {
    // A long flush interval on the first process: the events of the drained requests are still buffered at SIGTERM and must be flushed on the way out.
    const first = await startGateway('gateway-1', 600_000);
    const before = [];
    for (let i = 0; i < 10; i++) before.push(await chat(first, `before ${i}`));

    const streams = await Promise.all(Array.from({ length: STREAMS }, (_, i) => openStream(first, i)));
    const signalledAt = Date.now();
    const exited = new Promise<number | null>((resolve) => first.process.once('exit', (code) => resolve(code)));
    first.process.kill('SIGTERM');
    const bodies = await Promise.all(streams.map((s) => s.rest));
    const drainedMs = Date.now() - signalledAt;
    const exitCode = await exited;

    const second = await startGateway('gateway-2', 100);
    const after = [];
    for (let i = 0; i < 10; i++) after.push(await chat(second, `after ${i}`));

    const requestIds = [...before.map((a) => a.requestId), ...streams.map((s) => s.requestId), ...after.map((a) => a.requestId)];
    const settled = await settledUsageRows(pool, requestIds, requestIds.length, { timeoutMs: 60_000 });
    const complete = bodies.filter((body, i) => body.includes('data: [DONE]') && contentOf(body).startsWith(`Mock reply to: stream ${i}`));
    console.log(
      `[resilience] gateway SIGTERM mid-stream: ${complete.length}/${STREAMS} in-flight streams completed (drained in ${drainedMs} ms), exit code ${exitCode}; ` +
        `${requestIds.length} requests (10 before, ${STREAMS} streams, 10 after on a new process): ${settled.rows} usage rows, ${settled.distinct} distinct request ids`,
    );

    expect([...before, ...after].map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(requestIds).size).toBe(requestIds.length);
    expect(complete).toHaveLength(STREAMS);
    expect(bodies.some((body) => body.includes('"error"'))).toBe(false);
    expect(exitCode).toBe(0);
    expect(settled).toEqual({ rows: requestIds.length, distinct: requestIds.length });
  });
});
