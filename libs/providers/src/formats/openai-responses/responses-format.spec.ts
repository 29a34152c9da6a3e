import { openAiChatRequestSchema, responsesRequestSchema, type OpenAiChatChunk } from '@sluice/contracts';
import { openAiAdapter } from '../../openai/openai.adapter';
import { TranslationError } from '../../core/errors';
import { fixtureJson, fixtureText } from '../../testing/fixtures';
import { targetFor } from '../../testing/targets';
import { responsesToCanonicalRequest } from './responses-request.to-canonical';
import { canonicalToResponsesResponse } from './canonical-response.to-responses';
import { formatResponsesSse, ResponsesStreamWriter } from './responses-stream.writer';

const openAiDir = `${__dirname}/../../openai`;
const target = targetFor('openai');

describe('Responses API format', () => {
  it('converts instructions, input items, function calls/outputs, tools and text.format to a chat request', () => {
    const request = responsesRequestSchema.parse({
      model: 'gpt-4.1',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather in the photo?' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Lyon"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '18C' },
        { type: 'function_call_output', call_id: 'call_2', output: '21C' },
      ],
      tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true }],
      tool_choice: { type: 'function', name: 'get_weather' },
      max_output_tokens: 200,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      stream: true,
    });
    const canonical = responsesToCanonicalRequest(request);
    expect(openAiChatRequestSchema.safeParse(canonical).success).toBe(true);
    expect(canonical).toEqual({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather in the photo?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: '21C' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      max_completion_tokens: 200,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("passes a reasoning model's effort and verbosity on under their Chat Completions names", async () => {
    const request = responsesRequestSchema.parse({ model: 'gpt-5', input: 'Plan it.', reasoning: { effort: 'minimal', summary: 'auto' }, text: { verbosity: 'low' } });
    const canonical = responsesToCanonicalRequest(request);
    expect(canonical).toMatchObject({ reasoning_effort: 'minimal', verbosity: 'low' });
    expect(JSON.parse((await openAiAdapter.chat.buildRequest(target, canonical)).body)).toMatchObject({ reasoning_effort: 'minimal', verbosity: 'low' });
    expect(responsesToCanonicalRequest(responsesRequestSchema.parse({ model: 'gpt-4.1', input: 'Hi' }))).not.toHaveProperty('reasoning_effort');
  });

  it('refuses what a stateless gateway cannot do', () => {
    expect(() => responsesToCanonicalRequest(responsesRequestSchema.parse({ model: 'm', input: 'hi', previous_response_id: 'resp_1' }))).toThrow(TranslationError);
    expect(() => responsesToCanonicalRequest(responsesRequestSchema.parse({ model: 'm', input: 'hi', tools: [{ type: 'web_search' }] }))).toThrow("built-in Responses tool 'web_search'");
  });

  it('converts a chat completion with tool calls to a response with function_call items', () => {
    const completion = openAiAdapter.chat.parseResponse(fixtureJson(openAiDir, 'chat-response.json'), target);
    const response = canonicalToResponsesResponse(completion);
    expect(response).toMatchObject({ id: 'resp_B9MHDbslfkBeAs8l4bebGdFOJ6PeG', object: 'response', status: 'completed', model: 'gpt-4o-2024-08-06', output_text: '' });
    expect(response.output).toEqual([
      { type: 'function_call', id: expect.stringMatching(/^fc_/), call_id: 'call_Dn2RJJSxzDm49vlVTehseJ0k', name: 'get_weather', arguments: '{"location":"Paris, France"}', status: 'completed' },
      { type: 'function_call', id: expect.stringMatching(/^fc_/), call_id: 'call_M8FsxA4QkvyqMznYbFCgG8NX', name: 'get_weather', arguments: '{"location":"Bogotá, Colombia"}', status: 'completed' },
    ]);
    expect(response.usage).toEqual({ input_tokens: 82, input_tokens_details: { cached_tokens: 0 }, output_tokens: 51, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 133 });
  });

  it('writes the Responses stream event sequence from canonical chunks', () => {
    const translator = openAiAdapter.chat.createStreamTranslator(target);
    const chunks: OpenAiChatChunk[] = [...translator.push(fixtureText(openAiDir, 'chat-stream.sse')), ...translator.end()];
    const writer = new ResponsesStreamWriter('gpt-4o-mini');
    const events = [...chunks.flatMap((c) => writer.push(c)), ...writer.end()];
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const completed = events.at(-1)!;
    expect(completed.type === 'response.completed' && completed.response).toMatchObject({
      status: 'completed',
      output_text: 'Héllo wörld 🌍',
      output: [{ type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Héllo wörld 🌍' }] }],
      usage: { input_tokens: 9, output_tokens: 4, total_tokens: 13 },
    });
    expect(formatResponsesSse(events[0])).toMatch(/^event: response\.created\ndata: \{.*\}\n\n$/);
  });

  it('streams tool calls as function_call items with argument deltas', () => {
    const writer = new ResponsesStreamWriter('m');
    const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
    const events = [
      ...writer.push({ ...base, choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'f', arguments: '' } }] }, finish_reason: null }] }),
      ...writer.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }, finish_reason: null }] }),
      ...writer.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }),
      ...writer.end(),
    ];
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[5]).toMatchObject({ item: { type: 'function_call', call_id: 'call_9', name: 'f', arguments: '{"a":1}', status: 'completed' } });
  });
});
