import type OpenAI from 'openai';
import type { MockProviderProcess } from '@sluice/testing';
import { startStandaloneGateway, type StandaloneGateway } from './test-support/standalone-gateway';

const KEY = 'sk-sluice-faults0123456789abcdefghijklmnopqrs';

function standaloneConfig(mockUrl: string): string {
  return `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-key }
models:
  - name: primary
    deployments:
      - { provider: mock, model: flaky-a, priority: 0 }
      - { provider: mock, model: healthy-b, priority: 1 }
  - name: solo
    deployments: [{ provider: mock, model: limited-c }]
  - name: backup
    deployments: [{ provider: mock, model: healthy-d }]
  - name: slow
    deployments:
      - { provider: mock, model: hang-e, priority: 0, timeout_ms: 300 }
      - { provider: mock, model: healthy-f, priority: 1 }
  - name: streamy
    deployments:
      - { provider: mock, model: drop-g, priority: 0 }
      - { provider: mock, model: healthy-h, priority: 1 }
  - name: dropper
    deployments: [{ provider: mock, model: drop-late-i }]
  - name: broken
    deployments: [{ provider: mock, model: dead-j }]
  - name: stuck
    deployments: [{ provider: mock, model: hang-k, timeout_ms: 60000 }]
keys:
  - { name: faults, key: ${KEY} }
routing:
  strategy: priority
  retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50, totalTimeoutMs: 8000 }
  cooldown: { failureThreshold: 2, windowMs: 60000, cooldownMs: 60000 }
  fallbacks: { solo: [backup] }
`;
}

describe('gateway routing against upstream faults (mock provider process, real Redis)', () => {
  let gateway: StandaloneGateway;
  let mock: MockProviderProcess;
  let baseUrl: string;
  let client: OpenAI;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(standaloneConfig);
    ({ mock, url: baseUrl } = gateway);
    client = gateway.client(KEY);
    await mock.configure({
      models: {
        'flaky-a': { status: 500 },
        'limited-c': { status: 429, retryAfterSeconds: 1 },
        'hang-e': { hang: true },
        'drop-g': { dropAfterChunks: 0 },
        'drop-late-i': { dropAfterChunks: 2 },
        'dead-j': { status: 500 },
        'hang-k': { hang: true },
      },
    });
  });

  afterAll(() => gateway?.close());

  it('retries a failing deployment, then serves from the next one; the client sees no error', async () => {
    const response = await client.chat.completions.create({ model: 'primary', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.data.choices[0].message.content).toContain('Mock reply');
    expect(response.response.headers.get('x-sluice-deployment')).toBe('primary#1');
    expect((await mock.stats()).models['flaky-a'].requests).toBe(2);
  });

  it('cools the failing deployment down: later requests skip it', async () => {
    await client.chat.completions.create({ model: 'primary', messages: [{ role: 'user', content: 'again' }] });
    await client.chat.completions.create({ model: 'primary', messages: [{ role: 'user', content: 'and again' }] });
    expect((await mock.stats()).models['flaky-a'].requests).toBe(2);
    expect((await mock.stats()).models['healthy-b'].requests).toBe(3);
  });

  it('honours Retry-After on 429, then falls back to another model', async () => {
    const started = Date.now();
    const response = await client.chat.completions.create({ model: 'solo', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.response.headers.get('x-sluice-model')).toBe('backup');
    expect(response.data.choices[0].message.content).toContain('Mock reply');
    const stats = await mock.stats();
    expect(stats.models['limited-c'].requests).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('times out a hung deployment and answers from the next one', async () => {
    const response = await client.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.response.headers.get('x-sluice-deployment')).toBe('slow#1');
  });

  it('retries a stream that drops before its first chunk, so the client gets a whole stream', async () => {
    const stream = await client.chat.completions.create({ model: 'streamy', stream: true, messages: [{ role: 'user', content: 'stream please' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Mock reply to: stream please');
    expect((await mock.stats()).models['drop-g'].requests).toBeGreaterThanOrEqual(1);
  });

  it('never retries a stream that already reached the client; it ends with an in-band error', async () => {
    const res = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dropper', stream: true, messages: [{ role: 'user', content: 'a long answer please' }] }),
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('upstream_stream_interrupted');
    expect(body).not.toContain('[DONE]');
    expect((await mock.stats()).models['drop-late-i'].requests).toBe(1);
  });

  it('aborts the upstream call when the client goes away', async () => {
    const request = fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'stuck', messages: [{ role: 'user', content: 'never mind' }] }),
      signal: AbortSignal.timeout(300),
    });
    await expect(request).rejects.toThrow();
    const deadline = Date.now() + 3000;
    let disconnects = 0;
    while (Date.now() < deadline && disconnects === 0) {
      disconnects = (await mock.stats()).models['hang-k']?.clientDisconnects ?? 0;
      if (disconnects === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(disconnects).toBe(1);
  });

  it('without a healthy fallback, answers a clear error in the caller\'s format', async () => {
    await expect(client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 502,
      error: { type: 'api_error', code: 'upstream_error' },
    });
    const anthropicStyle = await fetch(`${baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'broken', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    // Two failures opened the only deployment's breaker: the gateway now answers at once, without calling upstream.
    expect(anthropicStyle.status).toBe(503);
    expect(anthropicStyle.headers.get('retry-after')).toBe('5');
    expect(await anthropicStyle.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: expect.stringContaining("No deployment of 'broken' is available") } });
    expect((await mock.stats()).models['dead-j'].requests).toBe(2);
  });
});
