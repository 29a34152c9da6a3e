import { responsesRequestSchema, type AnthropicMessage, type OpenAiChatChunk, type ResponsesReasoningItem, type ResponsesStreamEvent } from '@sluice/contracts';
import { anthropicAdapter } from '../../anthropic/anthropic.adapter';
import { openAiAdapter } from '../../openai/openai.adapter';
import { azureOpenAiAdapter } from '../../azure-openai/azure-openai.adapter';
import { fixtureJson, fixtureText } from '../../testing/fixtures';
import { targetFor } from '../../testing/targets';
import { canonicalToResponsesResponse } from './canonical-response.to-responses';
import { thinkingBlockFromCarrier, thinkingCarrierOf } from './reasoning-carrier';
import { responsesEchoOf } from './response-echo';
import { responsesToCanonicalRequest } from './responses-request.to-canonical';
import { ResponsesStreamWriter } from './responses-stream.writer';

const anthropicDir = `${__dirname}/../../anthropic`;
const claude = targetFor('anthropic', { upstreamModel: 'claude-sonnet-4-20250514' });
const recorded = fixtureJson<AnthropicMessage>(anthropicDir, 'message-thinking-response.json');
const [thinkingBlock, redactedBlock] = recorded.content;

function streamEvents(chunks: OpenAiChatChunk[], writer = new ResponsesStreamWriter('claude')): ResponsesStreamEvent[] {
  return [...chunks.flatMap((c) => writer.push(c)), ...writer.end()];
}

describe('Responses API: reasoning items for Claude thinking', () => {
  it('gives each thinking block a reasoning item (summary text, the block in encrypted_content) before the message and calls', () => {
    const response = canonicalToResponsesResponse(anthropicAdapter.chat.parseResponse(recorded, claude));
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'reasoning', 'message', 'function_call']);
    const [thinking, redacted] = response.output as ResponsesReasoningItem[];
    expect(thinking).toEqual({
      type: 'reasoning',
      id: expect.stringMatching(/^rs_/),
      summary: [{ type: 'summary_text', text: 'The user wants the weather in Paris. I should call get_weather with Paris, France.' }],
      encrypted_content: expect.any(String),
      status: 'completed',
    });
    expect(thinkingBlockFromCarrier(thinking.encrypted_content)).toEqual(thinkingBlock);
    expect(redacted.summary).toEqual([]);
    expect(thinkingBlockFromCarrier(redacted.encrypted_content)).toEqual(redactedBlock);
  });

  it('gives reasoning text without blocks (DeepSeek-style reasoning_content) an item with no encrypted_content', () => {
    const response = canonicalToResponsesResponse({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'deepseek-reasoner',
      choices: [{ index: 0, message: { role: 'assistant', content: '4', reasoning_content: '2 + 2 = 4' }, finish_reason: 'stop' }],
    });
    expect(response.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: '2 + 2 = 4' }], encrypted_content: null });
  });

  it('streams thinking as a reasoning item with reasoning_summary events, closed by the signature; the redacted block is an item of its own', () => {
    const translator = anthropicAdapter.chat.createStreamTranslator(claude);
    const chunks = [...translator.push(fixtureText(anthropicDir, 'stream-thinking-tool.sse')), ...translator.end()];
    const events = streamEvents(chunks);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.slice(2, 10).map((e) => e.type)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
    ]);
    const completed = events.at(-1)!;
    if (completed.type !== 'response.completed') throw new Error(`ended with ${completed.type}`);
    expect(completed.response.output.map((item) => item.type)).toEqual(['reasoning', 'reasoning', 'message', 'function_call']);
    const [thinking, redacted] = completed.response.output as ResponsesReasoningItem[];
    expect(thinking.summary).toEqual([{ type: 'summary_text', text: 'The user wants the weather in Paris. I should call get_weather.' }]);
    expect(thinkingBlockFromCarrier(thinking.encrypted_content)).toEqual({
      type: 'thinking',
      thinking: 'The user wants the weather in Paris. I should call get_weather.',
      signature: (thinkingBlock as { signature: string }).signature,
    });
    expect(thinkingBlockFromCarrier(redacted.encrypted_content)).toEqual(redactedBlock);
  });

  it('turns reasoning items sent back into the assistant turn’s thinking blocks, which Claude gets first and unchanged', async () => {
    const request = responsesRequestSchema.parse({
      model: 'claude',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'edited by the client' }], encrypted_content: thinkingCarrierOf(thinkingBlock as never) },
        { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: thinkingCarrierOf(redactedBlock as never) },
        { type: 'reasoning', id: 'rs_3', summary: [], encrypted_content: 'gAAAAABopenai-own' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look that up.' }] },
        { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: '18C' },
      ],
      reasoning: { effort: 'medium' },
    });
    const canonical = responsesToCanonicalRequest(request);
    expect(canonical.messages[1]).toEqual({
      role: 'assistant',
      content: 'Let me look that up.',
      thinking_blocks: [thinkingBlock, redactedBlock],
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }],
    });
    const body = JSON.parse((await anthropicAdapter.chat.buildRequest(claude, canonical)).body) as { messages: { content: unknown[] }[]; thinking: unknown };
    expect(body.messages[1].content.slice(0, 2)).toEqual([thinkingBlock, redactedBlock]);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it("keeps Claude's interleaved order: output items in block order, and sent back they reach Claude in that order", async () => {
    const first = { type: 'thinking' as const, thinking: 'Weather first.', signature: 'sig-a' };
    const second = { type: 'thinking' as const, thinking: 'Now Lyon.', signature: 'sig-b' };
    const interleaved = {
      ...recorded,
      content: [
        first,
        { type: 'text' as const, text: 'Checking both.' },
        { type: 'tool_use' as const, id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } },
        second,
        { type: 'tool_use' as const, id: 'toolu_2', name: 'get_weather', input: { location: 'Lyon' } },
      ],
      stop_reason: 'tool_use' as const,
    } as AnthropicMessage;
    const response = canonicalToResponsesResponse(anthropicAdapter.chat.parseResponse(interleaved, claude));
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'reasoning', 'function_call']);
    expect(response.output_text).toBe('Checking both.');

    const request = responsesRequestSchema.parse({
      model: 'claude',
      input: [{ role: 'user', content: 'Weather in Paris and Lyon?' }, ...response.output, { type: 'function_call_output', call_id: 'toolu_1', output: '18C' }, { type: 'function_call_output', call_id: 'toolu_2', output: '16C' }],
      reasoning: { effort: 'medium' },
    });
    const body = JSON.parse((await anthropicAdapter.chat.buildRequest(claude, responsesToCanonicalRequest(request))).body) as { messages: { content: { type: string }[] }[] };
    expect(body.messages[1].content).toEqual(interleaved.content);
  });

  it('refuses item references: nothing is stored', () => {
    expect(() => responsesToCanonicalRequest(responsesRequestSchema.parse({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }))).toThrow('item_reference');
  });
});

describe('Responses API: failures, echo and forwarded fields', () => {
  const base = { id: 'chatcmpl-9', object: 'chat.completion.chunk' as const, created: 7, model: 'm' };

  it('ends a broken stream with response.failed: the partial output (the open item incomplete) and the error', () => {
    const writer = new ResponsesStreamWriter('m');
    const events = [
      ...writer.push({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Half an ans' }, finish_reason: null }] }),
      ...writer.fail({ code: 'server_error', message: 'The provider stream broke off.' }),
    ];
    const failed = events.at(-1)!;
    expect(failed).toMatchObject({ type: 'response.failed', sequence_number: events.length - 1 });
    if (failed.type !== 'response.failed') throw new Error('no response.failed');
    expect(failed.response).toMatchObject({
      id: 'resp_9',
      status: 'failed',
      error: { code: 'server_error', message: 'The provider stream broke off.' },
      output: [{ type: 'message', status: 'incomplete', content: [{ text: 'Half an ans' }] }],
      incomplete_details: null,
    });
  });

  it('starts the response before failing when nothing was sent yet', () => {
    const events = new ResponsesStreamWriter('m').fail({ code: 'rate_limit_exceeded', message: 'Slow down.' });
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(events[2]).toMatchObject({ response: { id: expect.stringMatching(/^resp_/), status: 'failed', output: [] } });
  });

  it('echoes the request as OpenAI does, with store: false and the tier the upstream reports', () => {
    const request = responsesRequestSchema.parse({
      model: 'gpt-4.1',
      input: 'Hi',
      instructions: 'Be brief.',
      temperature: 0.3,
      metadata: { app: 'x' },
      service_tier: 'priority',
      safety_identifier: 'user-42',
      prompt_cache_key: 'tenant-7',
      store: true,
      reasoning: { effort: 'low', summary: 'auto' },
    });
    const completion = { id: 'chatcmpl-1', object: 'chat.completion' as const, created: 1, model: 'gpt-4.1', service_tier: 'priority', choices: [{ index: 0, message: { role: 'assistant' as const, content: 'Hello' }, finish_reason: 'stop' as const }] };
    const response = canonicalToResponsesResponse(completion, { echo: responsesEchoOf(request) });
    expect(response).toMatchObject({
      instructions: 'Be brief.',
      temperature: 0.3,
      top_p: null,
      metadata: { app: 'x' },
      tools: [],
      tool_choice: 'auto',
      reasoning: { effort: 'low', summary: 'auto' },
      safety_identifier: 'user-42',
      prompt_cache_key: 'tenant-7',
      store: false,
      previous_response_id: null,
      service_tier: 'priority',
      text: { format: { type: 'text' } },
    });
    expect(canonicalToResponsesResponse({ ...completion, service_tier: undefined }, { echo: responsesEchoOf(request) }).service_tier).toBe('default');
  });

  it('sends service_tier, prompt_cache_key, safety_identifier and user to OpenAI, never store; Azure gets the end user as user', async () => {
    const canonical = responsesToCanonicalRequest(
      responsesRequestSchema.parse({ model: 'gpt-4.1', input: 'Hi', service_tier: 'flex', prompt_cache_key: 'tenant-7', safety_identifier: 'user-42', store: true }),
    );
    const openAi = JSON.parse((await openAiAdapter.chat.buildRequest(targetFor('openai'), canonical)).body) as Record<string, unknown>;
    expect(openAi).toMatchObject({ service_tier: 'flex', prompt_cache_key: 'tenant-7', safety_identifier: 'user-42' });
    expect(openAi).not.toHaveProperty('store');
    const azure = JSON.parse((await azureOpenAiAdapter.chat.buildRequest(targetFor('azure-openai'), canonical)).body) as Record<string, unknown>;
    expect(azure).toMatchObject({ user: 'user-42' });
    for (const field of ['service_tier', 'prompt_cache_key', 'safety_identifier', 'store']) expect(azure).not.toHaveProperty(field);
  });

  it('gives Claude the end user as metadata.user_id and the tier in Anthropic’s words', async () => {
    const canonical = responsesToCanonicalRequest(responsesRequestSchema.parse({ model: 'c', input: 'Hi', user: 'old-id', safety_identifier: 'user-42', service_tier: 'default' }));
    const body = JSON.parse((await anthropicAdapter.chat.buildRequest(claude, canonical)).body) as Record<string, unknown>;
    expect(body).toMatchObject({ metadata: { user_id: 'user-42' }, service_tier: 'standard_only' });
    expect(body).not.toHaveProperty('prompt_cache_key');
  });
});
