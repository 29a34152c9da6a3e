import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { OpenAiChatRequest, ThinkingBlock } from '@sluice/contracts';
import { AnthropicSseWriter } from '../formats/anthropic-messages/anthropic-sse.writer';
import { targetFor } from '../testing/targets';
import { createBedrockAdapter } from './bedrock.adapter';

const adapter = createBedrockAdapter({ now: () => new Date('2025-03-01T12:00:00Z') });
const credentials = JSON.stringify({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
const claude = targetFor('bedrock', { baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', apiKey: credentials, upstreamModel: 'us.anthropic.claude-sonnet-4-20250514-v1:0' });
const nova = targetFor('bedrock', { baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', apiKey: credentials, upstreamModel: 'amazon.nova-pro-v1:0' });
const signed: ThinkingBlock = { type: 'thinking', thinking: 'Paris it is.', signature: 'EqQBCgIYAhIM' };
const redacted: ThinkingBlock = { type: 'redacted_thinking', data: 'EmwKAhgBEgy3' };

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const event = (type: string, body: object) =>
  codec.encode({
    headers: { ':message-type': { type: 'string', value: 'event' }, ':event-type': { type: 'string', value: type }, ':content-type': { type: 'string', value: 'application/json' } },
    body: fromUtf8(JSON.stringify(body)),
  });

async function converseBody(request: Partial<OpenAiChatRequest>, target = claude): Promise<Record<string, unknown>> {
  const built = await adapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'user', content: 'Weather in Paris?' }], ...request });
  return JSON.parse(built.body) as Record<string, unknown>;
}

describe('Bedrock adapter: Claude thinking through Converse', () => {
  it('sends thinking in additionalModelRequestFields, maxTokens above the budget, and the history thinking as reasoningContent first', async () => {
    const body = await converseBody({
      reasoning_effort: 'medium',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, thinking_blocks: [signed, redacted], tool_calls: [{ id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'tooluse_1', content: '18 °C' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(body.inferenceConfig).toEqual({ maxTokens: 4096 + 2048 });
    expect((body.messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: [
        { reasoningContent: { reasoningText: { text: 'Paris it is.', signature: 'EqQBCgIYAhIM' } } },
        { reasoningContent: { redactedContent: 'EmwKAhgBEgy3' } },
        { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: {} } },
      ],
    });
  });

  it("forwards an Anthropic client's thinking as it is, and gives other models none", async () => {
    expect((await converseBody({ thinking: { type: 'enabled', budget_tokens: 1500 }, max_tokens: 3000 })).additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 1500 } });
    expect(await converseBody({ thinking: { type: 'enabled', budget_tokens: 1500 }, max_tokens: 3000 }, nova)).not.toHaveProperty('additionalModelRequestFields');
    await expect(converseBody({ reasoning_effort: 'low', temperature: 0.2 })).rejects.toThrow('temperature may only be 1');
  });

  it('reads reasoningContent into reasoning_content and thinking_blocks', () => {
    const completion = adapter.chat.parseResponse(
      {
        output: {
          message: {
            role: 'assistant',
            content: [{ reasoningContent: { reasoningText: { text: 'Paris it is.', signature: 'EqQBCgIYAhIM' } } }, { reasoningContent: { redactedContent: 'EmwKAhgBEgy3' } }, { text: 'Sunny.' }],
          },
        },
        stopReason: 'end_turn',
        usage: { inputTokens: 10, outputTokens: 40, totalTokens: 50 },
      },
      claude,
    );
    expect(completion.choices[0].message).toEqual({ role: 'assistant', content: 'Sunny.', reasoning_content: 'Paris it is.', thinking_blocks: [signed, redacted] });
    expect(completion.usage).toMatchObject({ completion_tokens: 40 });
  });

  it('streams reasoningContent deltas so an Anthropic client gets thinking_delta, then signature_delta', () => {
    const translator = adapter.chat.createStreamTranslator(claude);
    const chunks = [
      event('messageStart', { role: 'assistant' }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Paris ' } } }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'it is.' } } }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'EqQBCgIYAhIM' } } }),
      event('contentBlockStop', { contentBlockIndex: 0 }),
      event('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'Sunny.' } }),
      event('messageStop', { stopReason: 'end_turn' }),
      event('metadata', { usage: { inputTokens: 10, outputTokens: 40, totalTokens: 50 } }),
    ].flatMap((bytes) => translator.push(bytes));
    const writer = new AnthropicSseWriter('claude');
    const events = [...chunks.flatMap((c) => writer.push(c)), ...writer.end()];
    expect(events.filter((e) => e.type === 'content_block_delta').map((e) => ('delta' in e ? e.delta : null))).toEqual([
      { type: 'thinking_delta', thinking: 'Paris ' },
      { type: 'thinking_delta', thinking: 'it is.' },
      { type: 'signature_delta', signature: 'EqQBCgIYAhIM' },
      { type: 'text_delta', text: 'Sunny.' },
    ]);
  });

  it("streams interleaved thinking in Claude's block order and indexes, for an Anthropic client and for the turn sent back", async () => {
    const delta = (index: number, value: object) => event('contentBlockDelta', { contentBlockIndex: index, delta: value });
    const stop = (index: number) => event('contentBlockStop', { contentBlockIndex: index });
    const thinking = (index: number, text: string, signature: string) => [delta(index, { reasoningContent: { text } }), delta(index, { reasoningContent: { signature } }), stop(index)];
    const tool = (index: number, id: string) => [
      event('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: id, name: 'get_weather' } } }),
      delta(index, { toolUse: { input: '{}' } }),
      stop(index),
    ];
    // [thinking, text, tool_use, thinking, redacted_thinking, tool_use], as Claude streams it on Bedrock.
    const translator = adapter.chat.createStreamTranslator(claude);
    const chunks = [
      event('messageStart', { role: 'assistant' }),
      ...thinking(0, 'Check Paris.', 'sig-0'),
      delta(1, { text: 'Checking.' }),
      stop(1),
      ...tool(2, 'tooluse_a'),
      ...thinking(3, 'Now London.', 'sig-3'),
      delta(4, { reasoningContent: { redactedContent: 'EmwKAhgB' } }),
      stop(4),
      ...tool(5, 'tooluse_b'),
      event('messageStop', { stopReason: 'tool_use' }),
      event('metadata', { usage: { inputTokens: 10, outputTokens: 40, totalTokens: 50 } }),
    ].flatMap((bytes) => translator.push(bytes));
    const writer = new AnthropicSseWriter('claude');
    const starts = [...chunks.flatMap((c) => writer.push(c)), ...writer.end()].flatMap((e) => (e.type === 'content_block_start' ? [[e.index, e.content_block.type]] : []));
    expect(starts).toEqual([
      [0, 'thinking'],
      [1, 'text'],
      [2, 'tool_use'],
      [3, 'thinking'],
      [4, 'redacted_thinking'],
      [5, 'tool_use'],
    ]);
    // The client sends the turn back in that order (block_order): Bedrock gets Claude's blocks where they were.
    const body = await converseBody({
      reasoning_effort: 'low',
      anthropic_beta: ['interleaved-thinking-2025-05-14'],
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
      messages: [
        { role: 'user', content: 'Weather in Paris and London?' },
        {
          role: 'assistant',
          content: 'Checking.',
          thinking_blocks: [{ type: 'thinking', thinking: 'Check Paris.', signature: 'sig-0' }, { type: 'thinking', thinking: 'Now London.', signature: 'sig-3' }, { type: 'redacted_thinking', data: 'EmwKAhgB' }],
          tool_calls: ['tooluse_a', 'tooluse_b'].map((id) => ({ id, type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } })),
          block_order: ['thinking', 9, 'tool_use', 'thinking', 'thinking', 'tool_use'],
        },
        { role: 'tool', tool_call_id: 'tooluse_a', content: '18 °C' },
        { role: 'tool', tool_call_id: 'tooluse_b', content: '12 °C' },
      ],
    });
    expect((body.messages as { content: object[] }[])[1].content.map((block) => Object.keys(block)[0])).toEqual(['reasoningContent', 'text', 'toolUse', 'reasoningContent', 'reasoningContent', 'toolUse']);
  });
});

describe('Bedrock adapter: documents and images in tool results', () => {
  it('sends PDF and text documents as Converse documents with valid, distinct names, and tool-result images and documents', async () => {
    const body = await converseBody({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'Q3 report.pdf' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' }, title: 'Q3 report.pdf' },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'shot', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'Here' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      ],
    });
    const messages = body.messages as Array<{ content: unknown[] }>;
    expect(messages[0].content).toEqual([
      { document: { format: 'pdf', name: 'Q3 report pdf', source: { bytes: 'JVBERi0=' } } },
      { document: { format: 'txt', name: 'Q3 report pdf (2)', source: { bytes: Buffer.from('notes').toString('base64') } } },
    ]);
    expect(messages[2].content).toEqual([{ toolResult: { toolUseId: 't1', content: [{ text: 'Here' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] } }]);
  });

  it('refuses a URL document with a 400 naming the provider', async () => {
    await expect(converseBody({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://x.example/a.pdf' } }] }] })).rejects.toThrow(
      "Provider 'Test bedrock' (bedrock) cannot take documents with a 'url' source; send a base64 PDF or a text document.",
    );
  });
});
