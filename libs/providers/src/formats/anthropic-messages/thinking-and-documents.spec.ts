import { anthropicMessagesRequestSchema, type AnthropicMessage, type OpenAiChatChunk } from '@sluice/contracts';
import { anthropicAdapter } from '../../anthropic/anthropic.adapter';
import { AnthropicStreamTranslator } from '../../anthropic/anthropic-stream.translator';
import { TranslationError } from '../../core/errors';
import { fixtureJson, fixtureText } from '../../testing/fixtures';
import { targetFor } from '../../testing/targets';
import { anthropicToCanonicalRequest } from './anthropic-request.to-canonical';
import { AnthropicSseWriter, formatAnthropicSse } from './anthropic-sse.writer';
import { canonicalToAnthropicResponse } from './canonical-response.to-anthropic';

const anthropicDir = `${__dirname}/../../anthropic`;
const target = targetFor('anthropic', { upstreamModel: 'claude-sonnet-4-20250514' });
const recorded = fixtureJson<AnthropicMessage>(anthropicDir, 'message-thinking-response.json');
const pdf = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'Q3', context: 'Quarterly numbers', citations: { enabled: true }, cache_control: { type: 'ephemeral' } };

// A tool-use continuation with thinking on, as the Anthropic SDK sends it: the previous assistant turn comes back whole.
const continuation = anthropicMessagesRequestSchema.parse({
  model: 'claude-sonnet-4-20250514',
  max_tokens: 8000,
  thinking: { type: 'enabled', budget_tokens: 4000 },
  tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }],
  messages: [
    { role: 'user', content: [pdf, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Paris is in France.' } }, { type: 'text', text: 'Weather in Paris?' }] },
    { role: 'assistant', content: recorded.content },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01CswdEQBMshySk6Y9DFKrfq',
          content: [{ type: 'text', text: 'Radar:' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }],
        },
      ],
    },
  ],
});

describe('Anthropic client → Claude: thinking and documents arrive unchanged', () => {
  it('forwards thinking, the signed thinking blocks of the history, documents and tool-result images exactly', async () => {
    const upstream = await anthropicAdapter.chat.buildRequest(target, anthropicToCanonicalRequest(continuation));
    expect(JSON.parse(upstream.body)).toEqual(continuation);
  });

  it('forwards thinking disabled', async () => {
    const request = anthropicMessagesRequestSchema.parse({ model: 'm', max_tokens: 100, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'hi' }] });
    expect(JSON.parse((await anthropicAdapter.chat.buildRequest(target, anthropicToCanonicalRequest(request))).body).thinking).toEqual({ type: 'disabled' });
  });

  it('gives thinking and redacted_thinking blocks back first and unchanged in a message', () => {
    const message = canonicalToAnthropicResponse(anthropicAdapter.chat.parseResponse(recorded, target));
    expect(message.content).toEqual(recorded.content);
  });

  it('streams thinking_delta then signature_delta in the thinking block, a redacted_thinking block, then text and tool_use at the next indexes', () => {
    const translator = new AnthropicStreamTranslator(target);
    const chunks = [...translator.push(fixtureText(anthropicDir, 'stream-thinking-tool.sse')), ...translator.end()];
    const writer = new AnthropicSseWriter('claude-sonnet-4-20250514');
    const events = [...chunks.flatMap((c) => writer.push(c)), ...writer.end()];
    const signature = (recorded.content[0] as { signature: string }).signature;
    expect(events.slice(1, 13)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'The user wants the weather in Paris.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: ' I should call get_weather.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: recorded.content[1] },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Let me look that up.' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_01CswdEQBMshySk6Y9DFKrfq', name: 'get_weather', input: {} } },
      { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"location": "Paris, France"}' } },
    ]);
    // What we write parses again into the same canonical stream.
    const again = new AnthropicStreamTranslator(target);
    const reparsed = [...again.push(events.map(formatAnthropicSse).join('')), ...again.end()];
    expect(reparsed.map((c) => c.choices.map((ch) => ch.delta))).toEqual(chunks.map((c) => c.choices.map((ch) => ch.delta)));
  });

  it('starts a new thinking block for reasoning text that follows a signed one', () => {
    const writer = new AnthropicSseWriter('m');
    const base = { id: 'msg_1', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
    const chunk = (delta: OpenAiChatChunk['choices'][number]['delta']): OpenAiChatChunk => ({ ...base, choices: [{ index: 0, delta, finish_reason: null }] });
    const events = [chunk({ reasoning_content: 'a' }), chunk({ thinking_blocks: [{ type: 'thinking', thinking: '', signature: 's1' }] }), chunk({ reasoning_content: 'b' })].flatMap((c) => writer.push(c));
    expect(events.filter((e) => e.type === 'content_block_start').map((e) => (e as { index: number }).index)).toEqual([0, 1]);
  });
});

describe("Anthropic's thinking rules give a 400 before anything goes upstream", () => {
  const base = { model: 'claude-sonnet-4-20250514', max_tokens: 2048, messages: [{ role: 'user', content: 'hi' }] };
  const convert = (extra: object) => () => anthropicToCanonicalRequest(anthropicMessagesRequestSchema.parse({ ...base, ...extra }));

  it.each([
    [{ thinking: { type: 'enabled', budget_tokens: 1000 } }, 'thinking.budget_tokens', 'thinking.budget_tokens must be at least 1024; got 1000.'],
    [{ thinking: { type: 'enabled', budget_tokens: 2048 } }, 'max_tokens', 'max_tokens (2048) must be greater than thinking.budget_tokens (2048): thinking counts towards max_tokens.'],
    [{ thinking: { type: 'enabled', budget_tokens: 1024 }, temperature: 0.5 }, 'temperature', 'temperature may only be 1 (or left unset) when thinking is enabled; got 0.5.'],
    [{ thinking: { type: 'enabled', budget_tokens: 1024 }, top_k: 5 }, 'top_k', 'top_k cannot be set when thinking is enabled.'],
    [{ thinking: { type: 'enabled', budget_tokens: 1024 }, top_p: 0.5 }, 'top_p', 'top_p must be between 0.95 and 1 when thinking is enabled; got 0.5.'],
    [
      { thinking: { type: 'adaptive' }, tools: [{ name: 'f', input_schema: { type: 'object' } }], tool_choice: { type: 'any' } },
      'tool_choice',
      "tool_choice cannot force tool use ('any' or 'tool') when thinking is enabled; use 'auto' or 'none'.",
    ],
  ])('%j → 400 on %s', (extra, param, message) => {
    expect(convert(extra)).toThrow(new TranslationError(message));
    expect(convert(extra)).toThrow(expect.objectContaining({ param, code: 'invalid_thinking' }) as unknown as Error);
  });

  it('accepts temperature 1, top_p 0.95 and any settings once thinking is disabled', () => {
    expect(convert({ thinking: { type: 'enabled', budget_tokens: 1024 }, temperature: 1, top_p: 0.95 })).not.toThrow();
    expect(convert({ thinking: { type: 'disabled' }, temperature: 0.2, top_k: 3 })).not.toThrow();
  });

  it('lets the budget reach max_tokens with the interleaved-thinking beta, and carries the betas and the service tier', () => {
    const request = anthropicMessagesRequestSchema.parse({ ...base, thinking: { type: 'enabled', budget_tokens: 4096 }, service_tier: 'standard_only' });
    const canonical = anthropicToCanonicalRequest(request, ['interleaved-thinking-2025-05-14']);
    expect(canonical).toMatchObject({ anthropic_beta: ['interleaved-thinking-2025-05-14'], service_tier: 'default', max_tokens: 2048 });
  });
});
