/**
 * The real gateway process against a real Redis Cluster (3 masters) and a real Sentinel deployment,
 * started here from Debian's redis-server: keys from a standalone config, an RPM limit and a hard
 * budget enforced by the Lua scripts on the topology, the exact cache, usage batches queued to
 * BullMQ (hash-tagged prefix on the Cluster), and a real worker process on the same topology that
 * ingests them into Postgres.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { parseEnv, QueueName, workerEnvSchema, type UsageEventBatch } from '@sluice/contracts';
import { bullmqPrefixOf, createRedisClient, redisTopologyOf } from '@sluice/redis';
import {
  createTestDatabase,
  freePort,
  RedisClusterProcesses,
  RedisSentinelProcesses,
  spawnService,
  startMockProvider,
  waitFor,
  type MockProviderProcess,
  type SpawnedService,
  type TestDatabase,
} from '@sluice/testing';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const LIMITED_KEY = 'sk-sluice-topologylimited0123456789abcdefghi';
const BUDGET_KEY = 'sk-sluice-topologybudget00123456789abcdefghi';
const CACHED_KEY = 'sk-sluice-topologycached00123456789abcdefghi';

const config = (mockUrl: string) => `
version: 1
organization: topology
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: topo-model
    # $0.001 per token, so a few calls use up a small budget.
    prices: { input_per_1m: 1000, output_per_1m: 1000 }
    deployments: [{ provider: mock, model: topo-model }]
teams:
  - { name: cached, cache: { mode: exact, ttlSeconds: 60 } }
keys:
  - { name: limited, key: ${LIMITED_KEY}, limits: { rpm: 2 } }
  - { name: budget, key: ${BUDGET_KEY}, budget: { amountUsd: 0.05, period: daily } }
  - { name: cached, key: ${CACHED_KEY}, team: cached }
`;

describe.each(['cluster', 'sentinel'] as const)('gateway on Redis %s (real processes)', (kind) => {
  let redisProcesses: RedisClusterProcesses | RedisSentinelProcesses;
  let redisEnv: Record<string, string>;
  let mock: MockProviderProcess;
  let gateway: SpawnedService;
  let worker: SpawnedService | undefined;
  let database: TestDatabase | undefined;
  let queuedRequestIds: string[] = [];
  const prefix = `t_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    mock = await startMockProvider();
    if (kind === 'cluster') {
      const cluster = await RedisClusterProcesses.start(3);
      redisProcesses = cluster;
      redisEnv = { REDIS_CLUSTER_NODES: cluster.nodesEnv };
    } else {
      const sentinel = await RedisSentinelProcesses.start();
      redisProcesses = sentinel;
      redisEnv = { REDIS_SENTINELS: sentinel.sentinelsEnv, REDIS_SENTINEL_NAME: sentinel.name };
    }
    const dir = mkdtempSync(join(tmpdir(), `sluice-gateway-${kind}-`));
    const file = join(dir, 'sluice.yaml');
    writeFileSync(file, config(mock.url));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, ...redisEnv, GATEWAY_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', QUEUE_PREFIX: prefix, USAGE_SPOOL_DIR: join(dir, 'spool'), USAGE_FLUSH_INTERVAL_MS: '20' };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    delete env.SLUICE_CONFIG;
    gateway = await spawnService({ name: `gateway-${kind}`, entry: join(WORKSPACE_ROOT, 'apps', 'gateway', 'dist', 'main.js'), args: ['--config', file], env, url: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await worker?.stop();
    await database?.drop();
    await gateway?.stop();
    await mock?.stop();
    await redisProcesses?.stop();
  });

  const chat = (key: string, content: string, extra: Record<string, unknown> = {}) =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'topo-model', messages: [{ role: 'user', content }], ...extra }),
    });

  const spooledBatches = async () => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    return Number(/^sluice_gateway_usage_spool_batches (\S+)$/m.exec(text)?.[1] ?? NaN);
  };

  it('uses Redis (not the in-process fallback) and is ready', async () => {
    expect(gateway.output()).not.toContain('standalone without Redis');
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { redis: 'up' } });
  });

  it('enforces an RPM limit with the admission script', async () => {
    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await chat(LIMITED_KEY, `count ${i}`);
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.slice(2)).toEqual([429, 429]);
    expect(refused!.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
  });

  it('blocks a key whose hard budget is used up (settlement books the cost on the topology)', async () => {
    const outcomes: Array<{ status: number; code?: string }> = [];
    for (let i = 0; i < 12 && !outcomes.some((o) => o.status === 429); i++) {
      const res = await chat(BUDGET_KEY, `spend ${i}`, { max_tokens: 20 });
      const body = (await res.json()) as { error?: { code: string } };
      outcomes.push({ status: res.status, code: body.error?.code });
    }
    expect(outcomes[0].status).toBe(200);
    expect(outcomes.at(-1)).toMatchObject({ status: 429, code: 'budget_exceeded' });
  });

  it('answers a repeated request from the exact cache', async () => {
    expect((await chat(CACHED_KEY, 'What is the capital of Spain?')).headers.get('x-sluice-cache')).toBe('miss');
    await waitFor(async () => (await chat(CACHED_KEY, 'What is the capital of Spain?')).headers.get('x-sluice-cache') === 'hit', { timeoutMs: 10_000, what: 'exact-cache hit' });
  });

  it('queues usage batches to BullMQ on the topology', async () => {
    const env = parseEnv('worker', workerEnvSchema, { DATABASE_URL: 'postgres://unused@127.0.0.1/unused', QUEUE_PREFIX: prefix, ...redisEnv });
    const connection = createRedisClient(redisTopologyOf(env), { maxRetriesPerRequest: 1 });
    const queue = new Queue<UsageEventBatch>(QueueName.UsageEvents, { connection, prefix: bullmqPrefixOf(env) });
    try {
      const events = await waitFor(
        async () => {
          const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
          const all = jobs.flatMap((job) => job.data.events);
          const outcomes = new Set(all.map((e) => e.errorCode ?? e.status));
          return ['success', 'cache_hit', 'rate_limit_exceeded', 'budget_exceeded'].every((o) => outcomes.has(o)) ? all : null;
        },
        { timeoutMs: 15_000, what: 'usage events in the queue' },
      );
      // Every request above was counted once: 2+2 (RPM), the budget run, the cache miss and hits.
      expect(new Set(events.map((e) => e.errorCode ?? e.status))).toEqual(new Set(['success', 'cache_hit', 'rate_limit_exceeded', 'budget_exceeded']));
      expect(new Set(events.map((e) => e.requestId)).size).toBe(events.length);
      queuedRequestIds = events.map((e) => e.requestId);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
  it('a worker process on the same topology ingests the queued usage into Postgres, once per request', async () => {
    expect(queuedRequestIds.length).toBeGreaterThan(0);
    database = await createTestDatabase();
    const healthPort = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, ...redisEnv, DATABASE_URL: database.url, QUEUE_PREFIX: prefix, WORKER_HEALTH_PORT: String(healthPort), LOG_LEVEL: 'warn' };
    delete env.REDIS_URL;
    worker = await spawnService({ name: `worker-${kind}`, entry: join(WORKSPACE_ROOT, 'apps', 'worker', 'dist', 'main.js'), env, url: `http://127.0.0.1:${healthPort}` });
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      const ingested = await waitFor(
        async () => {
          const { rows } = await pool.query<{ request_id: string }>('SELECT request_id FROM request_logs WHERE request_id = ANY($1)', [queuedRequestIds]);
          return rows.length >= queuedRequestIds.length ? rows : null;
        },
        { timeoutMs: 30_000, what: 'usage rows in Postgres' },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; worker output:\n${worker?.output().slice(-3000)}`);
      });
      expect(ingested.map((r) => r.request_id).sort()).toEqual([...queuedRequestIds].sort());
      const ready = await fetch(`${worker.url}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      await pool.end();
    }
  });
  if (kind === 'cluster') {
    it('keeps serving while the whole Cluster is down, spools the usage and replays it once the Cluster is back', async () => {
      const cluster = redisProcesses as RedisClusterProcesses;
      await cluster.kill();
      const requestIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        // No limits on this key; the exact-cache read fails and counts as a miss.
        const res = await chat(CACHED_KEY, `during the outage ${i}`);
        expect(res.status).toBe(200);
        requestIds.push(res.headers.get('x-request-id')!);
      }
      await waitFor(async () => (await spooledBatches()) > 0, { timeoutMs: 30_000, what: 'usage batches in the spool' });
      await cluster.restart();
      const pool = new Pool({ connectionString: database!.url, max: 1 });
      try {
        await waitFor(
          async () => {
            const { rows } = await pool.query<{ request_id: string }>('SELECT request_id FROM request_logs WHERE request_id = ANY($1)', [requestIds]);
            return rows.length === requestIds.length ? rows : null;
          },
          { timeoutMs: 60_000, what: 'replayed usage rows in Postgres' },
        ).catch((error: Error) => {
          throw new Error(`${error.message}; gateway output:\n${gateway.output().slice(-3000)}\nworker output:\n${worker?.output().slice(-2000)}`);
        });
        await waitFor(async () => (await spooledBatches()) === 0, { timeoutMs: 30_000, what: 'spool drained' });
      } finally {
        await pool.end();
      }
    });
  }
});
