import { anthropicMessagesRequestSchema, openAiChatRequestSchema, type OpenAiChatChunk, type OpenAiChatCompletion } from '@sluice/contracts';
import { anthropicAdapter } from '../../anthropic/anthropic.adapter';
import { AnthropicStreamTranslator } from '../../anthropic/anthropic-stream.translator';
import { fixtureJson, fixtureText } from '../../testing/fixtures';
import { targetFor } from '../../testing/targets';
import { anthropicToCanonicalRequest } from './anthropic-request.to-canonical';
import { canonicalToAnthropicResponse } from './canonical-response.to-anthropic';
import { AnthropicSseWriter, formatAnthropicSse } from './anthropic-sse.writer';
import { countAnthropicTokens, IMAGE_TOKEN_ESTIMATE } from './count-tokens';

const anthropicDir = `${__dirname}/../../anthropic`;
const target = targetFor('anthropic', { upstreamModel: 'claude-sonnet-4-20250514' });

const clientRequest = anthropicMessagesRequestSchema.parse({
  model: 'claude-sonnet-4-20250514',
  max_tokens: 1024,
  system: [{ type: 'text', text: 'You are a careful analyst.', cache_control: { type: 'ephemeral' } }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'image', source: { type: 'url', url: 'https://images.example/chart.jpg' } },
        { type: 'text', text: 'Compare these charts.' },
      ],
    },
    { role: 'assistant', content: [{ type: 'text', text: 'Fetching data.' }, { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'sales' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '42', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'And now?' }] },
  ],
  tools: [{ name: 'lookup', description: 'Look data up', input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  stop_sequences: ['STOP'],
  temperature: 0.2,
  top_k: 40,
  stream: true,
  metadata: { user_id: 'u-1' },
});

describe('Anthropic Messages client format', () => {
  it('converts a request to the canonical format', () => {
    const canonical = anthropicToCanonicalRequest(clientRequest);
    expect(openAiChatRequestSchema.safeParse(canonical).success).toBe(true);
    expect(canonical.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'You are a careful analyst.', cache_control: { type: 'ephemeral' } }] },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://images.example/chart.jpg' } },
          { type: 'text', text: 'Compare these charts.' },
        ],
      },
      { role: 'assistant', content: 'Fetching data.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"sales"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: '42', cache_control: { type: 'ephemeral' } },
      { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
    ]);
    expect(canonical).toMatchObject({ max_tokens: 1024, stop: ['STOP'], temperature: 0.2, top_k: 40, stream: true, stream_options: { include_usage: true }, user: 'u-1', tool_choice: 'auto', parallel_tool_calls: false });
  });

  it('round-trips Anthropic → canonical → Anthropic provider request, preserving system, tools and images', async () => {
    const upstream = await anthropicAdapter.chat.buildRequest(target, anthropicToCanonicalRequest(clientRequest));
    expect(JSON.parse(upstream.body)).toEqual(clientRequest);
    const parallel = { ...clientRequest, tool_choice: { type: 'auto' as const, disable_parallel_tool_use: false } };
    expect(JSON.parse((await anthropicAdapter.chat.buildRequest(target, anthropicToCanonicalRequest(parallel))).body)).toEqual(parallel);
  });

  it("keeps the cache_control an agent puts on its newest tool result and on the text inside one (Claude Code's markers)", async () => {
    const agentTurn = anthropicMessagesRequestSchema.parse({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 1024,
      messages: [
        { role: 'user', content: 'List the files.' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'ls', input: {} }, { type: 'tool_use', id: 'toolu_2', name: 'pwd', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a.ts b.ts', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: '/work', is_error: false, cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
    });
    const upstream = await anthropicAdapter.chat.buildRequest(target, anthropicToCanonicalRequest(agentTurn));
    expect(JSON.parse(upstream.body)).toEqual(agentTurn);
  });

  it('keeps cache_control on assistant text and tool_use blocks where the client put them, interleaved thinking included', async () => {
    const plain = anthropicMessagesRequestSchema.parse({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 1024,
      messages: [
        { role: 'user', content: 'Plan, then look it up.' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'First the plan. ', cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'Then the lookup.' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'found' }] },
      ],
    });
    expect(JSON.parse((await anthropicAdapter.chat.buildRequest(target, anthropicToCanonicalRequest(plain))).body)).toEqual(plain);

    const interleaved = anthropicMessagesRequestSchema.parse({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: 'Look up two things.' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'First a.', signature: 'sig-1' },
            { type: 'text', text: 'Looking up a.', cache_control: { type: 'ephemeral' } },
            { type: 'tool_use', id: 'toolu_a', name: 'lookup', input: { q: 'a' } },
            { type: 'thinking', thinking: 'Now b.', signature: 'sig-2' },
            { type: 'tool_use', id: 'toolu_b', name: 'lookup', input: { q: 'b' }, cache_control: { type: 'ephemeral' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: 'A' }, { type: 'tool_result', tool_use_id: 'toolu_b', content: 'B' }] },
      ],
    });
    const betas = ['interleaved-thinking-2025-05-14'];
    expect(JSON.parse((await anthropicAdapter.chat.buildRequest(target, anthropicToCanonicalRequest(interleaved, betas))).body)).toMatchObject({ messages: interleaved.messages });
  });

  it('converts a canonical response to an Anthropic message', () => {
    const canonical = anthropicAdapter.chat.parseResponse(fixtureJson(anthropicDir, 'message-response.json'), target);
    const recorded = fixtureJson<{ usage: Record<string, unknown> }>(anthropicDir, 'message-response.json');
    delete recorded.usage.service_tier;
    expect(canonicalToAnthropicResponse(canonical)).toEqual(recorded);
  });

  it('writes canonical stream chunks as Anthropic SSE events (text then tool_use), usage in message_delta', () => {
    const translator = new AnthropicStreamTranslator(target);
    const source = fixtureText(anthropicDir, 'stream-text-tool.sse');
    const chunks: OpenAiChatChunk[] = [...translator.push(source), ...translator.end()];
    const writer = new AnthropicSseWriter('claude-sonnet-4-20250514');
    const events = [...chunks.flatMap((c) => writer.push(c)), ...writer.end()];
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[5]).toEqual({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} } });
    expect(events[6]).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"location":' } });
    expect(events[9]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 472, output_tokens: 89, cache_creation_input_tokens: 0, cache_read_input_tokens: 128 },
    });
    expect(formatAnthropicSse(events[10])).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    // The written events are valid input for our own Anthropic stream parser: a full round trip.
    const again = new AnthropicStreamTranslator(target);
    const reparsed = [...again.push(events.map(formatAnthropicSse).join('')), ...again.end()];
    expect(reparsed.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? '')).join('')).toBe("Okay, let's check the weather for Zürich ☀️:");
  });

  it("gives another upstream's reasoning text (Gemini's thought summaries) to Anthropic clients as an unsigned thinking block first", () => {
    const fromGemini: OpenAiChatCompletion = {
      id: 'chatcmpl-g1',
      object: 'chat.completion',
      created: 1,
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!', reasoning_content: 'The user greets me.' }, finish_reason: 'stop' }],
    };
    expect(canonicalToAnthropicResponse(fromGemini).content).toEqual([
      { type: 'thinking', thinking: 'The user greets me.' },
      { type: 'text', text: 'Hello!' },
    ]);
    const withoutReasoning = { ...fromGemini, choices: [{ ...fromGemini.choices[0], message: { role: 'assistant' as const, content: 'Hello!' } }] };
    expect(canonicalToAnthropicResponse(withoutReasoning).content).toEqual([{ type: 'text', text: 'Hello!' }]);
  });

  it('tells the client which stop sequence ended the message, in a message and in a stream', () => {
    const upstreamMessage = {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-20250514',
      content: [{ type: 'text', text: 'Counting: 1, 2, ' }],
      stop_reason: 'stop_sequence',
      stop_sequence: '3',
      usage: { input_tokens: 12, output_tokens: 7 },
    };
    const canonical = anthropicAdapter.chat.parseResponse(upstreamMessage, target);
    expect(canonical.choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: '3' });
    expect(canonicalToAnthropicResponse(canonical)).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '3' });

    const sse = [
      { type: 'message_start', message: { ...upstreamMessage, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Counting: 1, 2, ' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: '3' }, usage: { output_tokens: 7 } },
      { type: 'message_stop' },
    ]
      .map((event) => formatAnthropicSse(event as Parameters<typeof formatAnthropicSse>[0]))
      .join('');
    const translator = new AnthropicStreamTranslator(target);
    const writer = new AnthropicSseWriter('claude-sonnet-4-20250514');
    const events = [...translator.push(sse), ...translator.end()].flatMap((c) => writer.push(c)).concat(writer.end());
    expect(events.find((e) => e.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: '3' } });
  });

  it("starts the stream with the Anthropic upstream's input and cache token counts, and counts them once", () => {
    const sse = [
      {
        type: 'message_start',
        message: {
          id: 'msg_01',
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-20250514',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 25, cache_creation_input_tokens: 100, cache_read_input_tokens: 400, output_tokens: 1 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi!' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ]
      .map((event) => formatAnthropicSse(event as Parameters<typeof formatAnthropicSse>[0]))
      .join('');
    const translator = new AnthropicStreamTranslator(target);
    const chunks = [...translator.push(sse), ...translator.end()];
    expect(chunks.filter((c) => c.usage)).toHaveLength(1);
    expect(chunks.filter((c) => c.prompt_usage)).toEqual([chunks[0]]);
    const writer = new AnthropicSseWriter('claude-sonnet-4-20250514');
    const events = chunks.flatMap((c) => writer.push(c)).concat(writer.end());
    const expectedInput = { input_tokens: 25, cache_creation_input_tokens: 100, cache_read_input_tokens: 400 };
    expect(events[0]).toMatchObject({ type: 'message_start', message: { usage: { ...expectedInput, output_tokens: 1 } } });
    expect(events.find((e) => e.type === 'message_delta')).toMatchObject({ usage: { ...expectedInput, output_tokens: 9 } });
  });

  it("carries Claude's 1-hour cache writes apart, to the canonical usage and back to Anthropic clients, in a message and in a stream", () => {
    const split = { cache_creation_input_tokens: 3000, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 } };
    const message = {
      id: 'msg_02',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-20250514',
      content: [{ type: 'text', text: 'Hi!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 4, ...split },
    };
    const canonical = anthropicAdapter.chat.parseResponse(message, target);
    expect(canonical.usage?.prompt_tokens_details).toEqual({ cached_tokens: 0, cache_creation_tokens: 3000, cache_creation_1h_tokens: 2000 });
    expect(canonicalToAnthropicResponse(canonical).usage).toEqual({ input_tokens: 20, output_tokens: 4, ...split });

    const sse = [
      { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 20, output_tokens: 1, ...split } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi!' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 4 } },
      { type: 'message_stop' },
    ]
      .map((event) => formatAnthropicSse(event as Parameters<typeof formatAnthropicSse>[0]))
      .join('');
    const translator = new AnthropicStreamTranslator(target);
    const chunks = [...translator.push(sse), ...translator.end()];
    expect(chunks.find((c) => c.usage)?.usage?.prompt_tokens_details).toEqual({ cached_tokens: 0, cache_creation_tokens: 3000, cache_creation_1h_tokens: 2000 });
    const writer = new AnthropicSseWriter('claude-sonnet-4-20250514');
    const events = chunks.flatMap((c) => writer.push(c)).concat(writer.end());
    expect(events[0]).toMatchObject({ type: 'message_start', message: { usage: { cache_creation: split.cache_creation } } });
    expect(events.find((e) => e.type === 'message_delta')).toEqual(expect.objectContaining({ usage: { input_tokens: 20, output_tokens: 4, ...split } }));
  });

  it('gives no cache_creation split when the upstream gave none, or wrote nothing to the cache', () => {
    const none = anthropicAdapter.chat.parseResponse(
      {
        id: 'msg_03',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-20250514',
        content: [],
        stop_reason: 'end_turn',
        usage: { input_tokens: 20, output_tokens: 4, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } },
      },
      target,
    );
    expect(none.usage?.prompt_tokens_details).toBeUndefined();
    expect(canonicalToAnthropicResponse(none).usage).not.toHaveProperty('cache_creation');
  });

  it('leaves input_tokens 0 in message_start for an upstream that reports usage only at the end (OpenAI)', () => {
    const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'gpt-4o' };
    const writer = new AnthropicSseWriter('gpt-4o');
    const events = [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant' as const, content: 'Hi' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' as const }] },
      { ...base, choices: [], usage: { prompt_tokens: 30, completion_tokens: 2 } },
    ]
      .flatMap((c) => writer.push(c))
      .concat(writer.end());
    expect(events[0]).toMatchObject({ type: 'message_start', message: { usage: { input_tokens: 0, output_tokens: 0 } } });
    expect(events.find((e) => e.type === 'message_delta')).toMatchObject({ usage: { input_tokens: 30, output_tokens: 2 } });
  });

  it('keeps end_turn for a natural stop and for a stop token id (a number) from an OpenAI-compatible provider', () => {
    const completion = {
      id: 'chatcmpl-1',
      object: 'chat.completion' as const,
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant' as const, content: 'hi' }, finish_reason: 'stop' as const, stop_reason: 128009 }],
    };
    expect(canonicalToAnthropicResponse(completion)).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
    expect(canonicalToAnthropicResponse({ ...completion, choices: [{ ...completion.choices[0], stop_reason: 'END' }] })).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('estimates tokens with a real BPE tokenizer', () => {
    const text = countAnthropicTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello, world!' }] });
    expect(text).toBe(3 + 4);
    const withImage = countAnthropicTokens({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x.example/a.png' } }] }] });
    expect(withImage).toBe(3 + IMAGE_TOKEN_ESTIMATE);
    expect(countAnthropicTokens(clientRequest)).toBeGreaterThan(IMAGE_TOKEN_ESTIMATE * 2);
  });
});
