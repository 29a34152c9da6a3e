import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRedisPrefix, freePort, spawnService, startMockProvider, type MockProviderProcess, type SpawnedService, type TestRedisNamespace } from '@sluice/testing';

jest.setTimeout(120_000);
/** Processes start slowly on a loaded 2-core CI machine (several start at once). */
const READY_TIMEOUT_MS = 90_000;

const GATEWAY_ENTRY = join(__dirname, '..', '..', '..', '..', 'apps', 'gateway', 'dist', 'main.js');
const KEY = 'sk-sluice-upstreamfaults0123456789abcdefghij';
/** The routing budget of one request (retries and fallbacks included): errors must come within it. */
const TOTAL_TIMEOUT_MS = 3000;
/** Slack for a loaded CI machine on top of the configured timeout. */
const SLACK_MS = 2000;

/**
 * Each faulty primary has a healthy fallback deployment; each `lone-*` model has none. The breaker
 * threshold is high so that every request meets the fault itself (cooldown is covered by routing-faults).
 */
function config(mockUrl: string): string {
  return `
version: 1
organization: upstream-faults
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-key }
models:
  - name: bursty
    deployments: [{ provider: mock, model: burst-5xx, priority: 0 }, { provider: mock, model: healthy-1, priority: 1 }]
  - name: throttled
    deployments: [{ provider: mock, model: limited-429, priority: 0 }, { provider: mock, model: healthy-2, priority: 1 }]
  - name: slow-start
    deployments: [{ provider: mock, model: slow-ttft, priority: 0, timeout_ms: 400 }, { provider: mock, model: healthy-3, priority: 1 }]
  - name: dropping
    deployments: [{ provider: mock, model: drop-early, priority: 0 }, { provider: mock, model: healthy-4, priority: 1 }]
  - name: hanging
    deployments: [{ provider: mock, model: hang-1, priority: 0, timeout_ms: 400 }, { provider: mock, model: healthy-5, priority: 1 }]
  - name: lone-5xx
    deployments: [{ provider: mock, model: dead-5xx }]
  - name: lone-429
    deployments: [{ provider: mock, model: limited-429-lone }]
  - name: lone-slow-start
    deployments: [{ provider: mock, model: slow-ttft-lone, timeout_ms: 500 }]
  - name: lone-hang
    deployments: [{ provider: mock, model: hang-lone, timeout_ms: 500 }]
keys:
  - { name: faults, key: ${KEY} }
routing:
  strategy: priority
  retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50, totalTimeoutMs: ${TOTAL_TIMEOUT_MS} }
  cooldown: { failureThreshold: 1000, windowMs: 60000, cooldownMs: 1000 }
`;
}

interface Answer {
  status: number;
  ms: number;
  body: string;
  headers: Headers;
}

/**
 * Issue #9, "upstream faults": a real gateway process against the mock provider's fault injection.
 * With a healthy fallback, bursts of each fault give clients zero errors; without one, clients get a
 * clear error in their own API format (OpenAI and Anthropic) within the configured routing timeout.
 */
describe('upstream faults through a gateway process (mock provider fault injection, real Redis)', () => {
  let mock: MockProviderProcess;
  let redis: TestRedisNamespace;
  let gateway: SpawnedService;

  beforeAll(async () => {
    [mock, redis] = await Promise.all([startMockProvider(), createTestRedisPrefix()]);
    await mock.configure({
      models: {
        'burst-5xx': { failFirst: 30, failStatus: 503 },
        'limited-429': { status: 429, retryAfterSeconds: 1 },
        'slow-ttft': { ttftMs: 5000 },
        'drop-early': { dropAfterChunks: 0 },
        'hang-1': { hang: true },
        'dead-5xx': { status: 500 },
        'limited-429-lone': { status: 429, retryAfterSeconds: 30 },
        'slow-ttft-lone': { ttftMs: 10_000 },
        'hang-lone': { hang: true },
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'sluice-upstream-faults-'));
    writeFileSync(join(dir, 'sluice.yaml'), config(mock.url));
    const port = await freePort();
    gateway = await spawnService({
      name: 'gateway',
      entry: GATEWAY_ENTRY,
      env: {
        ...process.env, SLUICE_CONFIG: join(dir, 'sluice.yaml'), REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, GATEWAY_PORT: String(port), HOST: '127.0.0.1',
        LOG_LEVEL: 'warn', SLUICE_KEY_PEPPER: 'upstream-faults-pepper-0123456789', USAGE_SPOOL_DIR: join(dir, 'spool'),
      },
      url: `http://127.0.0.1:${port}`,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await mock?.stop();
    await redis?.flush();
  });

  async function openai(model: string, stream = false, text = 'hello'): Promise<Answer> {
    const started = Date.now();
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream, max_tokens: 16, messages: [{ role: 'user', content: text }] }),
    });
    const body = await res.text();
    return { status: res.status, ms: Date.now() - started, body, headers: res.headers };
  }

  async function anthropic(model: string): Promise<Answer> {
    const started = Date.now();
    const res = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }),
    });
    const body = await res.text();
    return { status: res.status, ms: Date.now() - started, body, headers: res.headers };
  }

  /** `count` requests, `parallel` at a time. */
  async function burst(count: number, parallel: number, send: (i: number) => Promise<Answer>): Promise<Answer[]> {
    const answers: Answer[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: parallel }, async () => {
      while (next < count) answers.push(await send(next++));
    }));
    return answers;
  }

  it('with a healthy fallback, bursts of every fault give the clients zero errors', async () => {
    const results: Array<[string, Answer[]]> = [
      ['5xx burst (first 30 upstream calls fail with 503)', await burst(40, 8, (i) => openai('bursty', false, `burst ${i}`))],
      ['429 with Retry-After: 1', await burst(10, 5, (i) => openai('throttled', false, `throttled ${i}`))],
      ['slow first token (5 s, deployment timeout 400 ms)', await burst(10, 5, (i) => openai('slow-start', true, `slow ${i}`))],
      ['connection dropped before the first chunk', await burst(10, 5, (i) => openai('dropping', true, `drop ${i}`))],
      ['hung connection (deployment timeout 400 ms)', await burst(10, 5, (i) => openai('hanging', false, `hang ${i}`))],
    ];
    const stats = await mock.stats();
    const injected = Object.values(stats.models).reduce((sum, m) => sum + m.injectedErrors, 0);
    const total = results.reduce((sum, [, answers]) => sum + answers.length, 0);
    const errors = results.flatMap(([label, answers]) => answers.filter((a) => a.status !== 200).map((a) => `${label}: ${a.status} ${a.body.slice(0, 200)}`));
    console.log(
      `[resilience] upstream faults with a healthy fallback: ${total} requests, ${errors.length} client errors ` +
        `(${results.map(([label, answers]) => `${label}: ${answers.filter((a) => a.status === 200).length}/${answers.length} ok, max ${Math.max(...answers.map((a) => a.ms))} ms`).join('; ')}); ` +
        `${injected} upstream errors injected, upstream calls to the hung or slow deployments abandoned at their timeout: ${(stats.models['hang-1']?.requests ?? 0) + (stats.models['slow-ttft']?.requests ?? 0)}`,
    );
    expect(errors).toEqual([]);
    // The streams arrived whole: every one ends with [DONE] and carries no in-band error.
    for (const [label, answers] of results.slice(2, 4)) {
      expect({ label, whole: answers.filter((a) => a.body.includes('data: [DONE]') && !a.body.includes('"error"')).length }).toEqual({ label, whole: answers.length });
    }
    expect(stats.models['burst-5xx'].injectedErrors).toBe(30);
  });

  it.each([
    ['5xx', 'lone-5xx', 502, 'api_error', 'upstream_error'],
    ['429 with Retry-After longer than the routing budget', 'lone-429', 429, 'rate_limit_error', 'upstream_rate_limited'],
    ['hung connection', 'lone-hang', 504, 'timeout_error', 'upstream_timeout'],
  ])('without a fallback, a %s is a clear error in the OpenAI and the Anthropic format within the routing timeout', async (label, model, status, type, code) => {
    const viaOpenAi = await openai(model);
    const viaAnthropic = await anthropic(model);
    console.log(`[resilience] upstream ${label} without a fallback: OpenAI format ${viaOpenAi.status} in ${viaOpenAi.ms} ms, Anthropic format ${viaAnthropic.status} in ${viaAnthropic.ms} ms (routing timeout ${TOTAL_TIMEOUT_MS} ms)`);
    expect(viaOpenAi.status).toBe(status);
    expect(JSON.parse(viaOpenAi.body)).toMatchObject({ error: { type, code, message: expect.stringContaining(`'${model}'`) } });
    expect(viaAnthropic.status).toBe(status);
    expect(JSON.parse(viaAnthropic.body)).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.stringContaining(`'${model}'`) } });
    if (status === 429) expect(Number(viaOpenAi.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Math.max(viaOpenAi.ms, viaAnthropic.ms)).toBeLessThanOrEqual(TOTAL_TIMEOUT_MS + SLACK_MS);
  });

  it('without a fallback, a stream whose first token never comes is a clear 504 (not a broken stream) within the routing timeout', async () => {
    const answer = await openai('lone-slow-start', true);
    console.log(`[resilience] upstream slow first token without a fallback: ${answer.status} in ${answer.ms} ms (deployment timeout 500 ms, routing timeout ${TOTAL_TIMEOUT_MS} ms)`);
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'timeout_error', code: 'upstream_timeout' } });
    expect(answer.ms).toBeLessThanOrEqual(TOTAL_TIMEOUT_MS + SLACK_MS);
  });
});
