import Anthropic from '@anthropic-ai/sdk';
import { findUsageEvent } from '@sluice/testing';
import type { StandaloneGateway } from '../test-support/standalone-gateway';
import { startTwoFormatGateway } from '../test-support/two-format-gateway';

const KEY = 'sk-sluice-anthropicsdkcompat0123456789abcdef';

describe('what the official Anthropic SDK sends and reads, through the gateway (real Redis, mock provider)', () => {
  let gateway: StandaloneGateway;
  let claude: Anthropic;

  beforeAll(async () => {
    ({ gateway, claude } = await startTwoFormatGateway(KEY));
  });

  afterAll(() => gateway?.close());

  async function lastUpstreamBody(): Promise<{ messages: unknown[] }> {
    const res = await fetch(`${gateway.mock.url}/_mock/requests`);
    return ((await res.json()) as { data: Array<{ body: { messages: unknown[] } }> }).data.at(-1)!.body;
  }

  const failedToolTurn = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model,
    max_tokens: 32,
    tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'weather service unavailable', is_error: true }] },
    ],
  });

  it('a tool_result with is_error: true reaches an Anthropic upstream with the flag', async () => {
    await claude.messages.create(failedToolTurn('claude-3-5-haiku'));
    expect((await lastUpstreamBody()).messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'weather service unavailable', is_error: true }],
    });
  });

  it('… and an OpenAI upstream as a tool message that starts with "Error: "', async () => {
    await claude.messages.create(failedToolTurn('gpt-4o-mini'));
    expect((await lastUpstreamBody()).messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'toolu_01', content: 'Error: weather service unavailable' });
  });

  const markedToolTurn = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({
    model,
    max_tokens: 32,
    tools: [{ name: 'read_file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }],
    messages: [
      { role: 'user', content: 'Read both files.' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_01', name: 'read_file', input: { path: 'a.ts' } },
          { type: 'tool_use', id: 'toolu_02', name: 'read_file', input: { path: 'b.ts' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: 'export const a = 1;', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
          { type: 'tool_result', tool_use_id: 'toolu_02', content: 'export const b = 2;', cache_control: { type: 'ephemeral' } },
        ],
      },
    ],
  });

  it("cache_control on a tool_result (Claude Code marks its newest), on a tool result's text and on an assistant tool_use reaches an Anthropic upstream where the client put it", async () => {
    const params = markedToolTurn('claude-3-5-haiku');
    await claude.messages.create(params);
    expect((await lastUpstreamBody()).messages.slice(-2)).toEqual(params.messages.slice(-2));
  });

  it('… and an OpenAI upstream gets the tool results without any cache_control (OpenAI refuses it)', async () => {
    await claude.messages.create(markedToolTurn('gpt-4o-mini'));
    const body = await lastUpstreamBody();
    expect(JSON.stringify(body)).not.toContain('cache_control');
    expect(body.messages.slice(-2)).toEqual([
      { role: 'tool', tool_call_id: 'toolu_01', content: [{ type: 'text', text: 'export const a = 1;' }] },
      { role: 'tool', tool_call_id: 'toolu_02', content: 'export const b = 2;' },
    ]);
  });

  async function streamed(model: string) {
    const { data, request_id: requestId } = await claude.messages
      .create({ model, max_tokens: 32, stream: true, messages: [{ role: 'user', content: 'Tell me about the tides of the Atlantic.' }] })
      .withResponse();
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of data) events.push(event);
    const start = events.find((e): e is Anthropic.RawMessageStartEvent => e.type === 'message_start')!;
    const delta = events.find((e): e is Anthropic.RawMessageDeltaEvent => e.type === 'message_delta')!;
    return { start: start.message.usage, delta: delta.usage, requestId: requestId! };
  }

  it("message_start carries an Anthropic upstream's input tokens, and the gateway counts them once", async () => {
    const { start, delta, requestId } = await streamed('claude-3-5-haiku');
    expect(start.input_tokens).toBeGreaterThan(0);
    expect(delta.input_tokens).toBe(start.input_tokens);
    const event = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, requestId);
    expect(event.promptTokens).toBe(start.input_tokens);
    expect(event.completionTokens).toBe(delta.output_tokens);
  });

  it('an OpenAI upstream reports usage at the end: input tokens in message_delta, 0 in message_start', async () => {
    const { start, delta } = await streamed('gpt-4o-mini');
    expect(start.input_tokens).toBe(0);
    expect(delta.input_tokens).toBeGreaterThan(0);
  });

  it("an OpenAI client streaming from an Anthropic upstream gets usage once, in the last chunk, and nothing of Sluice's own", async () => {
    const stream = await gateway.client(KEY).chat.completions.create({ model: 'claude-3-5-haiku', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] });
    const chunks: object[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.filter((c) => 'prompt_usage' in c)).toEqual([]);
    expect(chunks.filter((c) => (c as { usage?: unknown }).usage)).toEqual([chunks.at(-1)]);
  });
});
