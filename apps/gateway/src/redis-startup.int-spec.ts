import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { QueueName, type UsageEventBatch } from '@sluice/contracts';
import { RedisServerProcess, startMockProvider, waitFor, type MockProviderProcess } from '@sluice/testing';
import { loadGatewayConfig } from './config/gateway-config';
import { createGatewayApp } from './main';

const LIMITED_KEY = 'sk-sluice-startuplimited0123456789abcdefghij';
const QUEUE_PREFIX = 'startup';

function config(mockUrl: string): string {
  return `
version: 1
organization: redis-startup
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: startup-model
    deployments: [{ provider: mock, model: startup-model }]
keys:
  - { name: limited, key: ${LIMITED_KEY}, limits: { rpm: 2 } }
governance: { failMode: open, expectedInstances: 1 }
`;
}

/**
 * A gateway must not serve before its Redis connections are up: its limits client has no offline
 * queue, so a request admitted before it connected went through the fail mode, uncounted by Redis
 * (seen as RPM 2 admitting three requests right after start on a Redis Cluster). Once serving, losing
 * Redis makes it degraded, not unready: it keeps serving under the fail mode.
 */
describe('gateway start-up and readiness with Redis (own redis-server)', () => {
  let mock: MockProviderProcess;
  let redis: RedisServerProcess;
  let app: NestFastifyApplication | null = null;
  let url = '';

  beforeAll(async () => {
    mock = await startMockProvider();
    redis = await RedisServerProcess.start();
  });

  afterAll(async () => {
    await app?.close();
    await redis?.kill();
    await mock?.stop();
  });

  const chat = (i: number) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LIMITED_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'startup-model', messages: [{ role: 'user', content: `hello ${i}` }] }),
    });
  const readiness = async () => {
    const res = await fetch(`${url}/health/ready`);
    return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
  };

  it('listens only once Redis answers, and counts its very first requests in Redis (limits and usage)', async () => {
    await redis.kill();
    const dir = mkdtempSync(join(tmpdir(), 'sluice-redis-startup-'));
    writeFileSync(join(dir, 'sluice.yaml'), config(mock.url));
    app = await createGatewayApp(
      loadGatewayConfig({ SLUICE_CONFIG: join(dir, 'sluice.yaml'), REDIS_URL: redis.url, QUEUE_PREFIX, REDIS_STARTUP_WAIT_MS: '30000', LOG_LEVEL: 'silent', USAGE_SPOOL_DIR: join(dir, 'spool'), SHUTDOWN_DRAIN_MS: '1000' }, []),
    );
    let listening = false;
    const listened = app.listen(0, '127.0.0.1').then(() => (listening = true));
    await delay(1500);
    expect(listening).toBe(false);

    await redis.restart();
    await listened;
    url = await app.getUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await chat(i)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^sluice_gateway_rate_limit_decisions_total\{decision="admitted",reason="redis"\} 2$/m);
    expect(metrics).not.toMatch(/reason="local"/);
    // Their usage went to the queue on that Redis, not to the spool.
    const queue = new Queue<UsageEventBatch>(QueueName.UsageEvents, { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: QUEUE_PREFIX });
    try {
      const queued = await waitFor(async () => {
        const events = (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).flatMap((job) => job.data.events);
        return events.length >= 3 ? events : null;
      }, { timeoutMs: 10_000, what: 'usage of the first requests in the queue' });
      expect(queued.map((e) => e.errorCode ?? e.status).sort()).toEqual(['rate_limit_exceeded', 'success', 'success']);
    } finally {
      await queue.close();
    }
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^sluice_gateway_usage_spool_batches 0$/m);
    expect(await readiness()).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok', checks: { snapshot: 'up', redis: 'up' } }) });
  }, 60_000);

  it('stays ready but degraded when Redis goes away, and keeps serving (fail open)', async () => {
    await redis.kill();
    expect(await readiness()).toEqual({ status: 200, body: expect.objectContaining({ status: 'degraded', checks: { snapshot: 'up', redis: 'down' } }) });
    // The key's Redis allowance is used up; the per-instance fail-open limiter starts afresh.
    expect((await chat(10)).status).toBe(200);
  });
});
