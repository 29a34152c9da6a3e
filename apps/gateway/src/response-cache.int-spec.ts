import { findUsageEvent } from '@sluice/testing';
import { startStandaloneGateway, type StandaloneGateway } from './test-support/standalone-gateway';

const TEAM_A_KEY = 'sk-sluice-cacheteama0123456789abcdefghijklmn';
const TEAM_A_OTHER_KEY = 'sk-sluice-cacheteama1123456789abcdefghijklmn';
const TEAM_B_KEY = 'sk-sluice-cacheteamb0123456789abcdefghijklmn';

describe('exact response cache on the gateway (real Redis, mock provider process)', () => {
  let gateway: StandaloneGateway;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: cached-model
    prices: { input_per_1m: 1, output_per_1m: 1 }
    deployments: [{ provider: mock, model: cached-model }]
teams:
  - { name: alpha, cache: { mode: exact, ttlSeconds: 60 } }
  - { name: beta, cache: { mode: exact, ttlSeconds: 60 } }
keys:
  - { name: a1, key: ${TEAM_A_KEY}, team: alpha, limits: { rpm: 100, tpm: 100000 } }
  - { name: a2, key: ${TEAM_A_OTHER_KEY}, team: alpha }
  - { name: b1, key: ${TEAM_B_KEY}, team: beta }
`,
    );
  });

  afterAll(() => gateway?.close());

  const upstreamCalls = async () => (await gateway.mock.stats()).models['cached-model']?.requests ?? 0;
  const client = (key: string) => gateway.client(key);
  const ask = (key: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    client(key).chat.completions.create({ model: 'cached-model', messages: [{ role: 'user', content }], ...extra }, { headers }).withResponse();

  /** Stores are written off the response path; wait until the entry is there. */
  async function cached(key: string, content: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const { response } = await ask(key, content, {}, { 'x-sluice-cache-probe': String(i) });
      if (response.headers.get('x-sluice-cache') === 'hit') return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the answer was never cached');
  }

  it('answers a repeated request from the cache without calling the provider', async () => {
    const first = await ask(TEAM_A_KEY, 'What is the capital of France?');
    expect(first.response.headers.get('x-sluice-cache')).toBe('miss');
    await cached(TEAM_A_KEY, 'What is the capital of France?');
    const before = await upstreamCalls();
    const again = await ask(TEAM_A_KEY, 'What is the capital of France?', { user: 'someone-else' });
    expect(again.response.headers.get('x-sluice-cache')).toBe('hit');
    expect(again.data.choices[0].message.content).toBe(first.data.choices[0].message.content);
    expect(await upstreamCalls()).toBe(before);
    // The hit is logged, and free: no tokens, no cost (and so nothing against TPM or budgets).
    const event = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, again.response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({ status: 'cache_hit', cacheStatus: 'hit', promptTokens: 0, completionTokens: 0, costUsd: 0 });
    const missEvent = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, first.response.headers.get('x-request-id') ?? '');
    expect(missEvent.costUsd).toBeGreaterThan(0);
  });

  it('shares entries within a team, never across teams', async () => {
    const before = await upstreamCalls();
    expect((await ask(TEAM_A_OTHER_KEY, 'What is the capital of France?')).response.headers.get('x-sluice-cache')).toBe('hit');
    expect((await ask(TEAM_B_KEY, 'What is the capital of France?')).response.headers.get('x-sluice-cache')).toBe('miss');
    expect(await upstreamCalls()).toBe(before + 1);
  });

  it('serves a cached answer to a streaming client as a stream', async () => {
    const before = await upstreamCalls();
    const stream = await client(TEAM_A_KEY).chat.completions.create({ model: 'cached-model', stream: true, messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Mock reply to: What is the capital of France?');
    expect(await upstreamCalls()).toBe(before);
  });

  it('honours cache-control: no-store and x-sluice-cache: bypass, and rejects a bad directive', async () => {
    const before = await upstreamCalls();
    const noStore = await ask(TEAM_A_KEY, 'What is the capital of France?', {}, { 'cache-control': 'no-store' });
    expect(noStore.response.headers.get('x-sluice-cache')).toBe('bypass');
    const bypass = await ask(TEAM_A_KEY, 'What is the capital of France?', {}, { 'x-sluice-cache': 'bypass' });
    expect(bypass.response.headers.get('x-sluice-cache')).toBe('bypass');
    expect(await upstreamCalls()).toBe(before + 2);
    await expect(ask(TEAM_A_KEY, 'x', {}, { 'x-sluice-cache': 'sometimes' })).rejects.toMatchObject({ status: 400, error: { code: 'invalid_cache_header' } });
  });

  it('changes the key when anything that changes the answer changes', async () => {
    const before = await upstreamCalls();
    expect((await ask(TEAM_A_KEY, 'What is the capital of France?', { temperature: 0.1 })).response.headers.get('x-sluice-cache')).toBe('miss');
    expect(await upstreamCalls()).toBe(before + 1);
  });
});
