import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startNodeService, waitForHttp } from './processes.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
export const BENCH_KEY = 'sk-sluice-bench-000000000000000000000000000000';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The fixed-latency upstream every target calls (apps/mock-provider). */
export async function startMockUpstream(latencyMs) {
  const port = await freePort();
  const service = startNodeService('mock-provider', join(ROOT, 'apps/mock-provider/dist/main.js'), {
    env: { MOCK_PROVIDER_PORT: String(port), HOST: '127.0.0.1', MOCK_DEFAULT_LATENCY_MS: String(latencyMs) },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/v1/models`, 30_000, { headers: { authorization: 'Bearer bench' } });
  return { ...service, url };
}

function gatewayConfig(mockUrl, governed) {
  const governance = governed
    ? `
organization_limits: { rpm: 100000000, tpm: 100000000000 }
organization_budget: { amountUsd: 1000000, period: monthly }
cache: { mode: exact, ttlSeconds: 60 }
teams:
  - name: bench
    limits: { rpm: 100000000, tpm: 100000000000, maxConcurrent: 100000 }
    budget: { amountUsd: 1000000, period: monthly }
`
    : `
teams:
  - name: bench
`;
  return `version: 1
organization: bench
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: bench }
models:
  - name: bench-model
    prices: { input_per_1m: 0.15, output_per_1m: 0.60 }
    deployments:
      - { provider: mock, model: bench-model }
${governance}
keys:
  - name: bench
    key: ${BENCH_KEY}
    team: bench
${governed ? '    limits: { rpm: 100000000, tpm: 100000000000 }\n    budget: { amountUsd: 1000000, period: monthly }\n' : ''}`;
}

/**
 * A Sluice gateway process in standalone mode against the mock. `governed`: key auth plus RPM/TPM
 * limits at org, team and key, hard budgets, exact-cache lookup and usage events; otherwise key auth,
 * routing and usage events only ("pure proxy"). `nodeArgs` go to node before the script (e.g. `--cpu-prof` when profiling);
 * `onStdout` receives the process's standard output (e.g. `--trace-gc-nvp` lines).
 */
export async function startSluiceGateway(mockUrl, { governed, nodeArgs = [], onStdout = null }) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  const file = join(dir, 'sluice.yaml');
  writeFileSync(file, gatewayConfig(mockUrl, governed));
  const port = await freePort();
  const queuePrefix = `bench-${randomUUID().slice(0, 8)}`;
  const service = startNodeService(governed ? 'sluice-governed' : 'sluice-proxy', join(ROOT, 'apps/gateway/dist/main.js'), {
    nodeArgs,
    onStdout,
    env: {
      GATEWAY_PORT: String(port),
      HOST: '127.0.0.1',
      SLUICE_CONFIG: file,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      SLUICE_KEY_PEPPER: randomBytes(32).toString('hex'),
      SLUICE_KEK: randomBytes(32).toString('base64'),
      USAGE_SPOOL_DIR: join(dir, 'spool'),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health/ready`, 30_000);
  } catch (error) {
    await service.stop();
    throw new Error(`${error.message}\n${service.outputTail()}`);
  }
  return {
    ...service,
    url,
    headers: { authorization: `Bearer ${BENCH_KEY}` },
    path: '/v1/chat/completions',
    gcPauseSeconds: () => gcPauseSeconds(url),
    async stop() {
      await service.stop();
      await deleteRedisPrefix(queuePrefix);
    },
  };
}

/** The peer: Portkey's open-source gateway from npm, pointed at the same mock. */
export async function startPortkeyGateway(mockUrl) {
  const port = await freePort();
  const service = startNodeService('portkey', join(ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js'), {
    args: [`--port=${port}`, '--headless'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, 30_000);
  return {
    ...service,
    url,
    headers: { authorization: 'Bearer bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mockUrl}/v1` },
    path: '/v1/chat/completions',
  };
}

/** The baseline: the mock itself. */
export function directTarget(mock) {
  return { name: 'direct', pid: mock.pid, usage: mock.usage, url: mock.url, headers: { authorization: 'Bearer bench' }, path: '/v1/chat/completions', stop: async () => undefined };
}

/** Deletes every Redis key of a run's queue prefix (BullMQ queues, limits, cache entries) once its processes stopped. */
export async function deleteRedisPrefix(prefix) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

let counter = 0;
/** A chat request with a unique prompt, so the governed path's exact-cache lookup is a miss. */
export function chatRequest(target) {
  return () => ({
    method: 'POST',
    path: target.path,
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-model', max_tokens: 16, messages: [{ role: 'user', content: `benchmark prompt ${(counter += 1)}` }] }),
  });
}

/**
 * Seconds the process has spent in garbage-collection pauses so far, all kinds (prom-client's
 * `nodejs_gc_duration_seconds` on the gateway's /metrics).
 */
export async function gcPauseSeconds(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  let seconds = 0;
  for (const match of text.matchAll(/^nodejs_gc_duration_seconds_sum\{[^}]*\} ([0-9.e+-]+)$/gm)) seconds += Number(match[1]);
  return seconds;
}
