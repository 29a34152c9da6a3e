import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService, startMockProvider, waitFor, type MockProviderProcess, type SpawnedService } from '@sluice/testing';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const LIMITED_KEY = 'sk-sluice-noredislimited0123456789abcdefghij';
const CACHED_KEY = 'sk-sluice-noredischached0123456789abcdefghij';
const BUDGET_KEY = 'sk-sluice-noredisbudget00123456789abcdefghij';

function config(mockUrl: string): string {
  return `
version: 1
organization: no-redis
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: solo-model
    # $0.001 per token, so a few calls use up a small budget.
    prices: { input_per_1m: 1000, output_per_1m: 1000 }
    deployments: [{ provider: mock, model: solo-model }]
teams:
  - { name: cached, cache: { mode: exact, ttlSeconds: 60 } }
  - { name: spenders, budget: { amountUsd: 0.01, hard: false, alertThresholds: [0.5] } }
keys:
  - { name: limited, key: ${LIMITED_KEY}, limits: { rpm: 2 } }
  - { name: cached, key: ${CACHED_KEY}, team: cached }
  - { name: budget, key: ${BUDGET_KEY}, team: spenders, budget: { amountUsd: 0.05, period: daily } }
`;
}

/** The real gateway process with `--config` and no REDIS_URL: nothing may need Redis. */
describe('standalone gateway without Redis (real process, mock provider)', () => {
  let mock: MockProviderProcess;
  let gateway: SpawnedService;

  beforeAll(async () => {
    mock = await startMockProvider();
    const dir = mkdtempSync(join(tmpdir(), 'sluice-no-redis-'));
    const file = join(dir, 'sluice.yaml');
    writeFileSync(file, config(mock.url));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, GATEWAY_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', USAGE_SPOOL_DIR: join(dir, 'spool') };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    delete env.SLUICE_CONFIG;
    gateway = await spawnService({ name: 'gateway', entry: join(WORKSPACE_ROOT, 'apps', 'gateway', 'dist', 'main.js'), args: ['--config', file], env, url: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await gateway?.stop();
    await mock?.stop();
  });

  const chat = (key: string, content: string, extra: Record<string, unknown> = {}) =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'solo-model', messages: [{ role: 'user', content }], ...extra }),
    });

  it('starts, says so, and is ready without a Redis check', async () => {
    expect(gateway.output()).toContain('standalone without Redis');
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { snapshot: 'up' } });
  });

  it('authenticates keys from the file', async () => {
    const ok = await chat(LIMITED_KEY, 'hello');
    expect(ok.status).toBe(200);
    const bad = await chat('sk-sluice-notakey0000000000000000000000000000', 'hello');
    expect(bad.status).toBe(401);
  });

  it('enforces an RPM limit in memory with rate-limit headers', async () => {
    const statuses: number[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await chat(LIMITED_KEY, `count ${i}`);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    // The first test spent one of the two requests of this minute.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect(refused).not.toBeNull();
    expect(refused!.headers.get('retry-after')).not.toBeNull();
    expect(refused!.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
  });

  it('answers a repeated request from the in-memory exact cache without calling the provider', async () => {
    const first = await chat(CACHED_KEY, 'What is the capital of Spain?');
    expect(first.headers.get('x-sluice-cache')).toBe('miss');
    const firstBody = (await first.json()) as { choices: Array<{ message: { content: string } }> };
    await waitFor(async () => (await chat(CACHED_KEY, 'What is the capital of Spain?')).headers.get('x-sluice-cache') === 'hit', { timeoutMs: 5000 });
    const before = (await mock.stats()).models['solo-model']?.requests ?? 0;
    const hit = await chat(CACHED_KEY, 'What is the capital of Spain?', { stream: false });
    expect(hit.headers.get('x-sluice-cache')).toBe('hit');
    expect(((await hit.json()) as typeof firstBody).choices[0].message.content).toBe(firstBody.choices[0].message.content);
    expect((await mock.stats()).models['solo-model']?.requests ?? 0).toBe(before);
  });

  it('blocks a key whose hard budget is used up, and logs the soft budget alert and every usage event', async () => {
    const outcomes: Array<{ status: number; code?: string; requestId: string | null }> = [];
    for (let i = 0; i < 8 && !outcomes.some((o) => o.status === 429); i++) {
      const res = await chat(BUDGET_KEY, `spend ${i}`, { max_tokens: 20 });
      const body = (await res.json()) as { error?: { code: string } };
      outcomes.push({ status: res.status, code: body.error?.code, requestId: res.headers.get('x-request-id') });
    }
    expect(outcomes[0].status).toBe(200);
    expect(outcomes.at(-1)).toMatchObject({ status: 429, code: 'budget_exceeded' });
    await waitFor(async () => outcomes.every((o) => gateway.output().includes(o.requestId!)), { timeoutMs: 5000, what: 'usage events in the log' });
    expect(gateway.output()).toContain('"msg":"usage event"');
    expect(gateway.output()).toContain("alert: The team's monthly soft budget reached 50%");
  });
});
