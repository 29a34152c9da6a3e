import Anthropic from '@anthropic-ai/sdk';
import { startStandaloneGateway, type StandaloneGateway } from './test-support/standalone-gateway';

const KEY = 'sk-sluice-streamcache0123456789abcdefghijklm';

/** Streamed answers go into the exact cache once complete, and streamed hits replay as SSE in the caller's format. */
describe('exact cache with streamed answers (real Redis, mock provider, official SDKs)', () => {
  let gateway: StandaloneGateway;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: stream-model
    deployments: [{ provider: mock, model: stream-model }]
teams:
  - { name: alpha, cache: { mode: exact, ttlSeconds: 60 } }
keys:
  - { name: a1, key: ${KEY}, team: alpha }
`,
    );
  });

  afterAll(() => gateway?.close());

  const upstreamCalls = async () => (await gateway.mock.stats()).models['stream-model']?.requests ?? 0;

  async function streamChat(content: string): Promise<{ cache: string | null; text: string; finish: string | null }> {
    const { data, response } = await gateway
      .client(KEY)
      .chat.completions.create({ model: 'stream-model', messages: [{ role: 'user', content }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    let text = '';
    let finish: string | null = null;
    for await (const chunk of data) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    return { cache: response.headers.get('x-sluice-cache'), text, finish };
  }

  /** The store happens after the stream ended, off the response path: wait for it with a non-streaming probe. */
  async function waitUntilCached(content: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const { response } = await gateway.client(KEY).chat.completions.create({ model: 'stream-model', messages: [{ role: 'user', content }] }).withResponse();
      if (response.headers.get('x-sluice-cache') === 'hit') return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the streamed answer was never cached');
  }

  it('stores a streamed answer and replays it as an OpenAI chat stream without calling the provider', async () => {
    const first = await streamChat('Tell me about rivers');
    expect(first).toMatchObject({ cache: 'miss', finish: 'stop' });
    expect(first.text).toContain('Tell me about rivers');
    await waitUntilCached('Tell me about rivers');
    const before = await upstreamCalls();
    const again = await streamChat('Tell me about rivers');
    expect(again).toEqual({ cache: 'hit', text: first.text, finish: 'stop' });
    expect(await upstreamCalls()).toBe(before);
  });

  it('stores a streamed Anthropic messages answer and replays it as an Anthropic stream', async () => {
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
    const params = { model: 'stream-model', max_tokens: 512, messages: [{ role: 'user' as const, content: 'Name three mountains' }] };
    const streamMessage = async () => {
      const { data, response } = await anthropic.messages.create({ ...params, stream: true }).withResponse();
      const types: string[] = [];
      let text = '';
      for await (const event of data) {
        types.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      }
      return { cache: response.headers.get('x-sluice-cache'), types, text };
    };
    const first = await streamMessage();
    expect(first.cache).toBe('miss');
    for (let i = 0; i < 40; i++) {
      const probe = await anthropic.messages.create(params).withResponse();
      if (probe.response.headers.get('x-sluice-cache') === 'hit') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const before = await upstreamCalls();
    const again = await streamMessage();
    expect(again.cache).toBe('hit');
    expect(again.text).toBe(first.text);
    expect(again.types[0]).toBe('message_start');
    expect(again.types.at(-1)).toBe('message_stop');
    expect(await upstreamCalls()).toBe(before);
  });

  it('replays a streamed hit as a Responses API stream', async () => {
    const first = await streamChat('Describe a lake');
    await waitUntilCached('Describe a lake');
    const before = await upstreamCalls();
    const { data, response } = await gateway.client(KEY).responses.create({ model: 'stream-model', input: 'Describe a lake', stream: true }).withResponse();
    let text = '';
    let completed = false;
    for await (const event of data) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = true;
    }
    expect(response.headers.get('x-sluice-cache')).toBe('hit');
    expect(text).toBe(first.text);
    expect(completed).toBe(true);
    expect(await upstreamCalls()).toBe(before);
  });

  it('does not cache a stream the client asked not to store', async () => {
    const { data, response } = await gateway
      .client(KEY)
      .chat.completions.create({ model: 'stream-model', messages: [{ role: 'user', content: 'Do not keep this' }], stream: true }, { headers: { 'cache-control': 'no-store' } })
      .withResponse();
    for await (const chunk of data) void chunk;
    expect(response.headers.get('x-sluice-cache')).toBe('bypass');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await gateway.client(KEY).chat.completions.create({ model: 'stream-model', messages: [{ role: 'user', content: 'Do not keep this' }] }).withResponse();
    expect(again.response.headers.get('x-sluice-cache')).toBe('miss');
  });
});
