import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { findUsageEvent } from '@sluice/testing';
import { startStandaloneGateway, type StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-bedrockmock0123456789abcdefghijklm';
// The mock's fixed credentials (apps/mock-provider/src/bedrock/bedrock-auth.ts).
const AWS_KEY = 'AKIDMOCKBEDROCK:mock/bedrock/secret+KEY';
const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
// Claude Sonnet 4's prices per 1M tokens: cache writes 1.25× input, reads 0.1×.
const PRICES = { input_per_1m: 3, output_per_1m: 15, cached_input_per_1m: 0.3, cache_write_per_1m: 3.75 };
// Claude Sonnet 4.5 takes 1-hour cache points on Bedrock, written at 2× input.
const CLAUDE_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const PRICES_45 = { ...PRICES, cache_write_1h_per_1m: 6 };

type ReasoningMessage = OpenAI.ChatCompletionMessage & { reasoning_content?: string; thinking_blocks?: unknown[] };
type Recorded = { url: string; headers: Record<string, string>; body: Record<string, unknown> };

describe('Bedrock through the gateway (official SDKs, the mock Bedrock checking SigV4 and Claude signatures)', () => {
  let gateway: StandaloneGateway;
  let openai: OpenAI;
  let claude: Anthropic;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: bedrock, type: bedrock, base_url: ${mockUrl}, api_key: '${AWS_KEY}', options: { region: us-east-1 } }
  - { name: bedrock-bad-secret, type: bedrock, base_url: ${mockUrl}, options: { region: us-east-1, accessKeyId: AKIDMOCKBEDROCK, secretAccessKey: not-the-secret } }
models:
  - { name: claude, prices: ${JSON.stringify(PRICES)}, deployments: [{ provider: bedrock, model: '${CLAUDE}' }] }
  - { name: claude-45, prices: ${JSON.stringify(PRICES_45)}, deployments: [{ provider: bedrock, model: '${CLAUDE_45}' }] }
  - { name: throttled, deployments: [{ provider: bedrock, model: 'amazon.nova-pro-v1:0' }] }
  - name: nova
    deployments:
      - { provider: bedrock, model: 'amazon.nova-micro-v1:0', priority: 0 }
      - { provider: bedrock, model: 'us.amazon.nova-micro-v1:0', priority: 1 }
  - { name: misconfigured, deployments: [{ provider: bedrock-bad-secret, model: 'amazon.nova-lite-v1:0' }] }
keys:
  - { name: app, key: ${KEY} }
routing:
  strategy: priority
  retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 }
  cooldown: { failureThreshold: 100 }
`,
    );
    openai = gateway.client(KEY);
    claude = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
    await gateway.mock.configure({ models: { 'amazon.nova-pro-v1:0': { status: 429, retryAfterSeconds: 0 }, 'amazon.nova-micro-v1:0': { status: 429 } } });
  });

  afterAll(() => gateway?.close());

  const upstream = async (): Promise<Recorded[]> => ((await (await fetch(`${gateway.mock.url}/_mock/requests`)).json()) as { data: Recorded[] }).data;
  const lastUpstream = async () => (await upstream()).at(-1)!;
  const weatherTool: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

  it('OpenAI SDK: a SigV4-signed Converse call, the answer and its usage (in the response and the usage event)', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'claude', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello Bedrock' }] })
      .withResponse();
    expect(data.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Mock reply to: Hello Bedrock' }, finish_reason: 'stop' });
    const sent = await lastUpstream();
    expect(sent.url).toBe(`/model/${encodeURIComponent(CLAUDE)}/converse`);
    expect(sent.body).toMatchObject({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Hello Bedrock' }] }] });
    expect(data.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: 7 });
    const event = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({ promptTokens: data.usage!.prompt_tokens, completionTokens: 7 });
  });

  it('OpenAI SDK: streams ConverseStream as chat chunks with the same text, and usage last', async () => {
    const stream = await openai.chat.completions.create({ model: 'claude', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Stream from Bedrock' }] });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Mock reply to: Stream from Bedrock');
    expect((await lastUpstream()).url).toMatch(/\/converse-stream$/);
    expect(usage).toMatchObject({ completion_tokens: 9, prompt_tokens: expect.any(Number) });
  });

  it('OpenAI SDK: a tool-use round trip (toolUse → tool_calls, the tool message → toolResult)', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await openai.chat.completions.create({ model: 'claude', messages, tools: [weatherTool] });
    const call = first.choices[0].message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({ id: expect.stringMatching(/^tooluse_/), function: { name: 'get_weather' } });
    const second = await openai.chat.completions.create({
      model: 'claude',
      tools: [weatherTool],
      messages: [...messages, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '18 °C' }],
    });
    expect(second.choices[0].message.content).toBe('Mock reply to: tool result: 18 °C');
    expect(((await lastUpstream()).body.messages as unknown[])[2]).toEqual({ role: 'user', content: [{ toolResult: { toolUseId: call.id, content: [{ text: '18 °C' }] } }] });
  });

  it('Anthropic SDK: Claude thinking on Bedrock, plain and streamed, and the signed blocks go back (the mock verifies them)', async () => {
    const turn: Anthropic.MessageCreateParamsNonStreaming = {
      model: 'claude',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    };
    const message = await claude.messages.create(turn);
    expect((await lastUpstream()).body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(message.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Mock thinking about: Weather in Oslo?', signature: expect.any(String) });
    expect((await claude.messages.stream(turn).finalMessage()).content).toEqual(message.content);

    const toolUse = message.content[1] as Anthropic.ToolUseBlock;
    const continued = (assistant: Anthropic.ContentBlockParam[]) =>
      claude.messages.create({ ...turn, messages: [...turn.messages, { role: 'assistant', content: assistant }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '18 °C' }] }] });
    const next = await continued(message.content as Anthropic.ContentBlockParam[]);
    expect(next.content).toEqual([{ type: 'text', text: 'Mock reply to: tool result: 18 °C' }]);
    const thinking = message.content[0] as Anthropic.ThinkingBlock;
    await expect(continued([{ ...thinking, thinking: 'edited' }, toolUse])).rejects.toMatchObject({
      status: 400,
      error: { error: { type: 'invalid_request_error', message: expect.stringContaining('Invalid `signature` in `thinking` block') } },
    });
  });

  it('OpenAI SDK: reasoning_effort on Claude-on-Bedrock gives reasoning_content and thinking_blocks that continue the turn', async () => {
    const params: OpenAI.ChatCompletionCreateParamsNonStreaming = { model: 'claude', reasoning_effort: 'low', tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Lima?' }] };
    const first = await openai.chat.completions.create(params);
    const message = first.choices[0].message as ReasoningMessage;
    expect(message.reasoning_content).toBe('Mock thinking about: Weather in Lima?');
    const call = message.tool_calls![0];
    const next = await openai.chat.completions.create({ ...params, messages: [...params.messages, message, { role: 'tool', tool_call_id: call.id, content: 'sunny' }] });
    expect(next.choices[0].message.content).toBe('Mock reply to: tool result: sunny');
  });

  it("Anthropic SDK: cache_control on a long system prompt becomes a cachePoint; the cache write, then the read (streamed), come back and are billed at their prices", async () => {
    const handbook = 'Answer from the Bedrock handbook. '.repeat(300);
    const params: Anthropic.MessageCreateParamsNonStreaming = {
      model: 'claude',
      max_tokens: 64,
      system: [{ type: 'text', text: handbook, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Cached question' }],
    };
    const { data: first, response } = await claude.messages.create(params).withResponse();
    expect((await lastUpstream()).body.system).toEqual([{ text: handbook }, { cachePoint: { type: 'default' } }]);
    const written = first.usage.cache_creation_input_tokens!;
    expect(written).toBeGreaterThanOrEqual(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const event = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({ promptTokens: first.usage.input_tokens + written, cachedTokens: 0 });
    expect(event.costUsd).toBeCloseTo((first.usage.input_tokens * 3 + written * 3.75 + first.usage.output_tokens * 15) / 1e6, 10);

    const { data: stream, response: streamed } = await claude.messages.create({ ...params, stream: true }).withResponse();
    let usage: Anthropic.MessageDeltaUsage | undefined;
    for await (const part of stream) if (part.type === 'message_delta') usage = part.usage;
    expect(usage).toMatchObject({ cache_read_input_tokens: written, cache_creation_input_tokens: 0 });
    const read = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, streamed.headers.get('x-request-id') ?? '');
    expect(read).toMatchObject({ promptTokens: usage!.input_tokens! + written, cachedTokens: written });
    expect(read.costUsd).toBeCloseTo((usage!.input_tokens! * 3 + written * 0.3 + usage!.output_tokens * 15) / 1e6, 10);
  });

  it("Anthropic SDK: a 1-hour cache_control becomes a 1h cachePoint; Bedrock's cacheDetails split comes back as usage.cache_creation and the write is billed at the 1-hour price", async () => {
    const handbook = 'Answer from the hourly handbook. '.repeat(300);
    const { data, response } = await claude.messages
      .create({ model: 'claude-45', max_tokens: 64, system: [{ type: 'text', text: handbook, cache_control: { type: 'ephemeral', ttl: '1h' } }], messages: [{ role: 'user', content: 'Hourly question' }] })
      .withResponse();
    expect((await lastUpstream()).body.system).toEqual([{ text: handbook }, { cachePoint: { type: 'default', ttl: '1h' } }]);
    const written = data.usage.cache_creation_input_tokens!;
    expect(written).toBeGreaterThanOrEqual(1024);
    expect(data.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: written });
    const event = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, response.headers.get('x-request-id') ?? '');
    expect(event.costUsd).toBeCloseTo((data.usage.input_tokens * 3 + written * 6 + data.usage.output_tokens * 15) / 1e6, 10);
  });

  it('Anthropic SDK: a PDF document goes to Bedrock as a Converse document block', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF').toString('base64');
    const message = await claude.messages.create({
      model: 'claude',
      max_tokens: 256,
      messages: [{ role: 'user', content: [{ type: 'document', title: 'Q3 report.pdf', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }, { type: 'text', text: 'Summarise' }] }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Mock reply to: Summarise' }]);
    expect(((await lastUpstream()).body.messages as Array<{ content: unknown[] }>)[0].content[0]).toEqual({ document: { format: 'pdf', name: 'Q3 report pdf', source: { bytes: pdf } } });
  });

  it("maps Bedrock's ThrottlingException to each client's 429, never relaying Bedrock's body", async () => {
    await expect(openai.chat.completions.create({ model: 'throttled', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 429,
      error: { type: 'rate_limit_error', code: 'upstream_rate_limited' },
    });
    await expect(claude.messages.create({ model: 'throttled', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 429,
      error: { type: 'error', error: { type: 'rate_limit_error' } },
    });
  });

  it('falls back to the next Bedrock deployment when the first is throttled', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0].message.content).toBe('Mock reply to: hi');
    expect(response.headers.get('x-sluice-deployment')).toBe('nova#1');
  });

  it("answers a wrong AWS secret with the gateway's own auth error, never Bedrock's signature message", async () => {
    const error = (await openai.chat.completions.create({ model: 'misconfigured', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toMatchObject({ status: 502, error: { code: 'upstream_auth_failed' } });
    expect(JSON.stringify(error.error)).not.toMatch(/signature|InvalidSignatureException/i);
    expect((await lastUpstream()).headers.authorization).toBe('[redacted]');
  });
});
