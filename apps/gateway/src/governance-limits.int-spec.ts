import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { alertEventSchema, QueueName } from '@sluice/contracts';
import { createTestRedisPrefix, freePort, spawnService, startMockProvider, type MockProviderProcess, type SpawnedService, type TestRedisNamespace } from '@sluice/testing';

const GATEWAY_ENTRY = join(__dirname, '..', 'dist', 'main.js');
const PEPPER = 'governance-test-pepper-012345';
const RPM_KEY = 'sk-sluice-rpmlimited0123456789abcdefghijklmno';
const BUDGET_KEY = 'sk-sluice-budgeted00123456789abcdefghijklmno';
const TPM_KEY = 'sk-sluice-tpmlimited0123456789abcdefghijklmno';
const CONCURRENCY_KEY = 'sk-sluice-concurrent0123456789abcdefghijklmn';
const ALERTED_KEY = 'sk-sluice-alertedteam0123456789abcdefghijklm';
const SOFT_BUDGET_USD = 0.2;
const BUDGET_USD = 0.1;
/** $1,000 per 1M tokens in and out: one token costs $0.001, so spend is easy to reason about. */
const PRICE = 1000;

function config(mockUrl: string): string {
  return `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-key }
models:
  - name: pricey
    prices: { input_per_1m: ${PRICE}, output_per_1m: ${PRICE} }
    deployments: [{ provider: mock, model: pricey }]
  - name: slow
    deployments: [{ provider: mock, model: slow }]
keys:
  - { name: rpm, key: ${RPM_KEY}, limits: { rpm: 20 } }
  - { name: budget, key: ${BUDGET_KEY}, budget: { amountUsd: ${BUDGET_USD}, period: total } }
  - { name: tpm, key: ${TPM_KEY}, limits: { tpm: 500 } }
  - { name: concurrency, key: ${CONCURRENCY_KEY}, limits: { maxConcurrent: 2 } }
  - { name: alerted, key: ${ALERTED_KEY}, team: watched }
teams:
  - { name: watched, budget: { amountUsd: ${SOFT_BUDGET_USD}, period: monthly, hard: false, alertThresholds: [0.5, 0.8] } }
`;
}

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code: string; type: string }; usage?: { prompt_tokens: number; completion_tokens: number } };
}

describe('limits and budgets across three gateway processes sharing Redis', () => {
  let mock: MockProviderProcess;
  let redis: TestRedisNamespace;
  const gateways: SpawnedService[] = [];

  beforeAll(async () => {
    [mock, redis] = await Promise.all([startMockProvider(), createTestRedisPrefix()]);
    await mock.configure({ models: { slow: { latencyMs: 600 } } });
    const dir = mkdtempSync(join(tmpdir(), 'sluice-governance-'));
    const file = join(dir, 'sluice.yaml');
    writeFileSync(file, config(mock.url));
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      gateways.push(
        await spawnService({
          name: `gateway-${i}`,
          entry: GATEWAY_ENTRY,
          env: { ...process.env, SLUICE_CONFIG: file, GATEWAY_PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, SLUICE_KEY_PEPPER: PEPPER, LOG_LEVEL: 'warn', USAGE_SPOOL_DIR: join(dir, `spool-${i}`) },
          url: `http://127.0.0.1:${port}`,
        }),
      );
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await mock?.stop();
    await redis?.flush();
  });

  async function call(i: number, key: string, body: Record<string, unknown>): Promise<Answer> {
    const res = await fetch(`${gateways[i % gateways.length].url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
  }

  it('admits the RPM allowance and no more across instances under concurrent load, with headers and Retry-After', async () => {
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => call(i, RPM_KEY, { model: 'pricey', max_tokens: 5 })));
    const elapsedMs = Date.now() - started;
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    // GCRA: the minute's allowance as a burst, refilled continuously at 20/min (one request per 3 s).
    const bound = 20 + Math.floor(elapsedMs / 3000);
    console.log(`RPM 20 across 3 gateways: 60 concurrent requests in ${elapsedMs} ms, ${ok.length} admitted (bound ${bound}), ${limited.length} refused`);
    expect(ok.length).toBeGreaterThanOrEqual(20);
    expect(ok.length).toBeLessThanOrEqual(bound);
    expect(ok.length + limited.length).toBe(60);
    expect(limited[0].body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(ok[0].headers.get('x-ratelimit-limit-requests')).toBe('20');
    expect(Number(ok[0].headers.get('x-ratelimit-remaining-requests'))).toBeLessThan(20);
  });

  it('never lets concurrent requests overspend a hard budget by more than one reservation', async () => {
    let spentUsd = 0;
    let refused = 0;
    // Waves of concurrent requests across the instances until the budget refuses everything.
    for (let wave = 0; wave < 10 && refused < 6; wave++) {
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i, BUDGET_KEY, { model: 'pricey', max_tokens: 10 })));
      for (const a of answers) {
        if (a.status === 200 && a.body.usage) spentUsd += ((a.body.usage.prompt_tokens + a.body.usage.completion_tokens) * PRICE) / 1e6;
        if (a.status === 429) {
          expect(a.body.error).toMatchObject({ code: 'budget_exceeded' });
          refused++;
        }
      }
    }
    const reservationUsd = ((11 + 10) * PRICE) / 1e6; // prompt estimate + max_tokens, priced
    console.log(`hard budget $${BUDGET_USD}: spent $${spentUsd.toFixed(4)} (bound $${(BUDGET_USD + reservationUsd).toFixed(4)})`);
    expect(refused).toBeGreaterThanOrEqual(6);
    expect(spentUsd).toBeGreaterThan(0);
    expect(spentUsd).toBeLessThanOrEqual(BUDGET_USD + reservationUsd);
  });

  it('refuses a request that could never fit the TPM limit, naming what to change', async () => {
    const tooBig = await call(0, TPM_KEY, { model: 'pricey', max_tokens: 10_000 });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error).toMatchObject({ code: 'request_exceeds_token_limit' });
    const fits = await call(1, TPM_KEY, { model: 'pricey', max_tokens: 50 });
    expect(fits.status).toBe(200);
    expect(fits.headers.get('x-ratelimit-limit-tokens')).toBe('500');
  });

  it('limits concurrent requests across instances and frees the slots when they finish', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i, CONCURRENCY_KEY, { model: 'slow' })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 429).every((a) => a.body.error?.code === 'concurrency_limit_exceeded')).toBe(true);
    expect((await call(0, CONCURRENCY_KEY, { model: 'slow' })).status).toBe(200);
  });

  it('raises exactly one alert job per crossed soft-budget threshold, whichever instances settle the calls', async () => {
    let spentUsd = 0;
    // Concurrent waves across the three instances until the spend is past 80% of the soft budget (never refused).
    for (let wave = 0; wave < 20 && spentUsd < SOFT_BUDGET_USD * 0.9; wave++) {
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i, ALERTED_KEY, { model: 'pricey', max_tokens: 10 })));
      for (const a of answers) {
        expect(a.status).toBe(200);
        spentUsd += ((a.body.usage!.prompt_tokens + a.body.usage!.completion_tokens) * PRICE) / 1e6;
      }
    }
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const alerts = new Queue(QueueName.Alerts, { connection, prefix: redis.prefix });
    try {
      // Settlement (and so the alert) happens after the response: wait for both jobs.
      const teamAlerts = (jobs: Array<{ data: { scope: { type: string } } }>) => jobs.filter((job) => job.data.scope.type === 'team');
      let jobs = await alerts.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      for (let i = 0; i < 50 && teamAlerts(jobs).length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        jobs = await alerts.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      jobs = await alerts.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      const all = jobs.map((job) => alertEventSchema.parse(job.data));
      // The hard budget of the earlier test raises its own (key-scoped) alerts; each dedupe key is one job.
      expect(new Set(all.map((e) => e.dedupeKey)).size).toBe(all.length);
      const events = all.filter((e) => e.scope.type === 'team');
      expect(events.map((e) => e.details.thresholdRatio).sort()).toEqual([0.5, 0.8]);
      for (const event of events) {
        expect(event).toMatchObject({ kind: 'budget_threshold', scope: { type: 'team' } });
        expect(event.dedupeKey).toMatch(/^budget_threshold:team:[0-9a-f-]{36}:monthly:\d{4}-\d{2}-01:0\.[58]$/);
        expect(jobs.find((job) => job.data.id === event.id)?.id).toBe(event.id);
        expect(event.summary).not.toContain('sk-sluice');
      }
    } finally {
      await alerts.close();
      connection.disconnect();
    }
  });
});
