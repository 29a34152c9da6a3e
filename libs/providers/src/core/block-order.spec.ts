import type { AnthropicContentBlock, AnthropicMessage, AnthropicStreamEvent, BedrockConverseResponse, OpenAiChatRequest } from '@sluice/contracts';
import { anthropicAdapter } from '../anthropic/anthropic.adapter';
import { createBedrockAdapter } from '../bedrock/bedrock.adapter';
import { anthropicToCanonicalRequest } from '../formats/anthropic-messages/anthropic-request.to-canonical';
import { canonicalToAnthropicResponse } from '../formats/anthropic-messages/canonical-response.to-anthropic';
import { AnthropicSseWriter, formatAnthropicSse } from '../formats/anthropic-messages/anthropic-sse.writer';
import { asOpenAiChatCompletion } from '../formats/openai-chat/openai-chat-shape';
import { withClaudeFeaturesForOpenAiWire } from '../openai-base/claude-features';
import { targetFor } from '../testing/targets';

const claude = targetFor('anthropic', { upstreamModel: 'claude-sonnet-4-20250514' });
const bedrock = createBedrockAdapter();
const bedrockClaude = targetFor('bedrock', {
  baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
  apiKey: JSON.stringify({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
  upstreamModel: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
});

// What Claude answers with interleaved thinking: reasoning, a word, a call, more reasoning, another call.
const interleaved: AnthropicContentBlock[] = [
  { type: 'thinking', thinking: 'Weather first.', signature: 'sig-1' },
  { type: 'text', text: 'Let me check.' },
  { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
  { type: 'thinking', thinking: 'Now the time.', signature: 'sig-2' },
  { type: 'redacted_thinking', data: 'EmwK' },
  { type: 'text', text: 'And the time.' },
  { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: { zone: 'CET' } },
];
const message: AnthropicMessage = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-20250514',
  content: interleaved,
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 20 },
};

async function upstreamAssistantTurn(request: OpenAiChatRequest): Promise<unknown> {
  const built = await anthropicAdapter.chat.buildRequest(claude, request);
  return (JSON.parse(built.body) as { messages: unknown[] }).messages[1];
}

function continuation(assistant: AnthropicContentBlock[]): OpenAiChatRequest {
  return anthropicToCanonicalRequest({
    model: 'claude-sonnet-4',
    max_tokens: 4096,
    thinking: { type: 'enabled', budget_tokens: 2048 },
    messages: [
      { role: 'user', content: 'Weather and time in Paris?' },
      { role: 'assistant', content: assistant },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18 °C' }, { type: 'tool_result', tool_use_id: 'toolu_2', content: '14:00' }] },
    ],
  });
}

describe('interleaved thinking keeps Claude’s block order for Anthropic clients and Claude', () => {
  it('a Claude answer reaches an Anthropic client in Claude’s order, and an OpenAI client as before', () => {
    const canonical = anthropicAdapter.chat.parseResponse(message, claude);
    expect(canonicalToAnthropicResponse(canonical).content).toEqual(interleaved);
    const openAiMessage = asOpenAiChatCompletion(canonical).choices[0].message;
    expect(openAiMessage).not.toHaveProperty('block_order');
    expect(openAiMessage).toMatchObject({ content: 'Let me check.And the time.', reasoning_content: 'Weather first.Now the time.', tool_calls: [{ id: 'toolu_1' }, { id: 'toolu_2' }] });
  });

  it('an Anthropic client’s interleaved assistant turn reaches Claude (Anthropic and Bedrock) in the client’s order', async () => {
    const request = continuation(interleaved);
    expect(await upstreamAssistantTurn(request)).toEqual({ role: 'assistant', content: interleaved });
    const converse = JSON.parse((await bedrock.chat.buildRequest(bedrockClaude, request)).body) as { messages: Array<{ content: Array<Record<string, unknown>> }> };
    expect(converse.messages[1].content.map((block) => Object.keys(block)[0])).toEqual(['reasoningContent', 'text', 'toolUse', 'reasoningContent', 'reasoningContent', 'text', 'toolUse']);
  });

  it('OpenAI-wire upstreams never get the order', () => {
    const wire = withClaudeFeaturesForOpenAiWire(continuation(interleaved), targetFor('openai', { upstreamModel: 'gpt-4o' }));
    expect(wire.messages[1]).toEqual({ role: 'assistant', content: 'Let me check.And the time.', tool_calls: expect.any(Array) });
  });

  it('records no order for a turn in the canonical order (thinking, text, tool calls), nor without thinking', () => {
    const plain = continuation([interleaved[0], interleaved[1], interleaved[2]]);
    expect(plain.messages[1]).not.toHaveProperty('block_order');
    expect(anthropicAdapter.chat.parseResponse({ ...message, content: [interleaved[1], interleaved[2], interleaved[5]] }, claude).choices[0].message).not.toHaveProperty('block_order');
  });

  it('text a guardrail rewrote goes whole where the first text was; an order that no longer fits the turn falls back to thinking first', async () => {
    const request = continuation(interleaved);
    const redacted = { ...request, messages: request.messages.map((m, i) => (i === 1 ? { ...m, content: '[REDACTED]' } : m)) } as OpenAiChatRequest;
    expect(((await upstreamAssistantTurn(redacted)) as { content: AnthropicContentBlock[] }).content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use', 'thinking', 'redacted_thinking', 'tool_use']);
    const fewerCalls = { ...request, messages: request.messages.map((m, i) => (i === 1 && m.role === 'assistant' ? { ...m, tool_calls: m.tool_calls!.slice(0, 1) } : m)) } as OpenAiChatRequest;
    expect(((await upstreamAssistantTurn(fewerCalls)) as { content: AnthropicContentBlock[] }).content.map((b) => b.type)).toEqual(['thinking', 'thinking', 'redacted_thinking', 'text', 'tool_use']);
  });

  it('a Bedrock Claude answer keeps its order too', () => {
    const response: BedrockConverseResponse = {
      output: {
        message: {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'Weather first.', signature: 'sig-1' } } },
            { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
            { reasoningContent: { reasoningText: { text: 'Done.', signature: 'sig-2' } } },
            { text: 'Calling.' },
          ],
        },
      },
      stopReason: 'tool_use',
      usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
    } as BedrockConverseResponse;
    const canonical = bedrock.chat.parseResponse(response, bedrockClaude);
    expect(canonicalToAnthropicResponse(canonical).content.map((b) => b.type)).toEqual(['thinking', 'tool_use', 'thinking', 'text']);
  });

  it('a stream reaches an Anthropic client with Claude’s blocks at Claude’s indexes', () => {
    const events: AnthropicStreamEvent[] = [
      { type: 'message_start', message: { ...message, content: [], stop_reason: null } },
      ...interleaved.flatMap((block, index): AnthropicStreamEvent[] => {
        if (block.type === 'thinking') {
          return [
            { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
            { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } },
            { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature! } },
            { type: 'content_block_stop', index },
          ];
        }
        if (block.type === 'text') {
          return [
            { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
            { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } },
            { type: 'content_block_stop', index },
          ];
        }
        if (block.type === 'tool_use') {
          return [
            { type: 'content_block_start', index, content_block: { ...block, input: {} } },
            { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } },
            { type: 'content_block_stop', index },
          ];
        }
        return [{ type: 'content_block_start', index, content_block: block }, { type: 'content_block_stop', index }];
      }),
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } },
      { type: 'message_stop' },
    ];
    const translator = anthropicAdapter.chat.createStreamTranslator(claude);
    const writer = new AnthropicSseWriter('claude-sonnet-4');
    const out = [...translator.push(events.map(formatAnthropicSse).join('')), ...translator.end()].flatMap((chunk) => writer.push(chunk));
    out.push(...writer.end());
    const starts = (list: AnthropicStreamEvent[]) => list.flatMap((e) => (e.type === 'content_block_start' ? [`${e.index} ${e.content_block.type}`] : []));
    expect(starts(out)).toEqual(starts(events));
  });
});
