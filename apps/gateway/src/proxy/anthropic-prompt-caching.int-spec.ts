import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { findUsageEvent } from '@sluice/testing';
import { startStandaloneGateway, type StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-anthropiccaching0123456789abcdefgh';
// Claude Sonnet 4.5's prices per 1M tokens: reads 0.1× input, 5-minute writes 1.25×, 1-hour writes 2×.
const PRICES = { input_per_1m: 3, output_per_1m: 15, cached_input_per_1m: 0.3, cache_write_per_1m: 3.75, cache_write_1h_per_1m: 6 };

type Usage = Anthropic.Usage;
const costOf = (u: Usage, writePrice = 3.75) => (u.input_tokens * 3 + (u.cache_read_input_tokens ?? 0) * 0.3 + (u.cache_creation_input_tokens ?? 0) * writePrice + u.output_tokens * 15) / 1e6;

describe("Anthropic prompt caching through the gateway (official SDKs; the mock Anthropic caches marked prefixes)", () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: anthropic, type: anthropic, base_url: ${mockUrl}, api_key: k }
models:
  - { name: claude, prices: ${JSON.stringify(PRICES)}, deployments: [{ provider: anthropic, model: claude-sonnet-4-5 }] }
keys:
  - { name: app, key: ${KEY} }
`,
    );
    claude = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
    openai = gateway.client(KEY);
  });

  afterAll(() => gateway?.close());

  const eventOf = (requestId: string | null) => findUsageEvent(gateway.redis.url, gateway.redis.prefix, requestId ?? '');

  it("an agent loop (Claude Code's markers on its newest tool result): the first turn writes the cache, the next reads it and writes only the new part; each is billed at its prices", async () => {
    const file = (name: string) => `// ${name}\n${'export const answer = 42;\n'.repeat(220)}`;
    const turn = (id: string, marked: boolean): Anthropic.MessageParam[] => [
      { role: 'assistant', content: [{ type: 'tool_use', id, name: 'read_file', input: { path: id } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: file(id), ...(marked ? { cache_control: { type: 'ephemeral' as const } } : {}) }] },
    ];
    const base = { model: 'claude', max_tokens: 64, tools: [{ name: 'read_file', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } } }] };
    const ask: Anthropic.MessageParam = { role: 'user', content: 'Read the two modules.' };

    const { data: first, response } = await claude.messages.create({ ...base, messages: [ask, ...turn('toolu_a', true)] }).withResponse();
    const written = first.usage.cache_creation_input_tokens!;
    expect(written).toBeGreaterThanOrEqual(1024);
    expect(first.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: written, ephemeral_1h_input_tokens: 0 } });
    const firstEvent = await eventOf(response.headers.get('x-request-id'));
    expect(firstEvent).toMatchObject({ promptTokens: first.usage.input_tokens + written, cachedTokens: 0 });
    expect(firstEvent.costUsd).toBeCloseTo(costOf(first.usage), 10);

    const { data: stream, response: streamed } = await claude.messages
      .create({ ...base, stream: true, messages: [ask, ...turn('toolu_a', false), ...turn('toolu_b', true)] })
      .withResponse();
    let started: Usage | undefined;
    let delta: Anthropic.MessageDeltaUsage | undefined;
    for await (const event of stream) {
      if (event.type === 'message_start') started = event.message.usage;
      if (event.type === 'message_delta') delta = event.usage;
    }
    expect(started).toMatchObject({ cache_read_input_tokens: written });
    expect(started!.cache_creation_input_tokens).toBeGreaterThan(0);
    const second = { ...started!, output_tokens: delta!.output_tokens };
    const secondEvent = await eventOf(streamed.headers.get('x-request-id'));
    expect(secondEvent).toMatchObject({ cachedTokens: written, promptTokens: second.input_tokens + written + second.cache_creation_input_tokens! });
    expect(secondEvent.costUsd).toBeCloseTo(costOf(second), 10);
  });

  it('a 1-hour marker on the system prompt: the write comes back as usage.cache_creation 1h and is billed at the 1-hour price', async () => {
    const handbook = 'Answer from the engineering handbook. '.repeat(150);
    const { data, response } = await claude.messages
      .create({ model: 'claude', max_tokens: 64, system: [{ type: 'text', text: handbook, cache_control: { type: 'ephemeral', ttl: '1h' } }], messages: [{ role: 'user', content: 'Hourly question' }] })
      .withResponse();
    const written = data.usage.cache_creation_input_tokens!;
    expect(written).toBeGreaterThanOrEqual(1024);
    expect(data.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: written });
    expect((await eventOf(response.headers.get('x-request-id'))).costUsd).toBeCloseTo(costOf(data.usage, 6), 10);
  });

  it("an OpenAI SDK client's cache_control on a system content part reaches Claude: the read comes back as prompt_tokens_details.cached_tokens", async () => {
    const policy = 'Follow the refund policy to the letter. '.repeat(150);
    const params = {
      model: 'claude',
      max_tokens: 32,
      messages: [
        { role: 'system', content: [{ type: 'text', text: policy, cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'May I get a refund?' },
      ],
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const first = await openai.chat.completions.create(params);
    const written = (first.usage!.prompt_tokens_details as { cache_creation_tokens?: number }).cache_creation_tokens!;
    expect(written).toBeGreaterThanOrEqual(1024);
    const { data: second, response } = await openai.chat.completions.create(params).withResponse();
    expect(second.usage!.prompt_tokens_details).toMatchObject({ cached_tokens: written });
    expect(await eventOf(response.headers.get('x-request-id'))).toMatchObject({ cachedTokens: written, promptTokens: second.usage!.prompt_tokens });
  });
});
