import { openAiChatRequestSchema } from '@sluice/contracts';
import { ProviderStreamError, TranslationError } from '../core/errors';
import { collectStream, fixtureJson, fixtureText, translateThreeWays } from '../testing/fixtures';
import { targetFor } from '../testing/targets';
import { anthropicAdapter } from './anthropic.adapter';

const target = targetFor('anthropic', { baseUrl: 'https://api.anthropic.example', apiKey: 'sk-ant-secret', upstreamModel: 'claude-sonnet-4-20250514' });
const canonical = openAiChatRequestSchema.parse(fixtureJson(__dirname, 'canonical-request.json'));
const encoder = new TextEncoder();

describe('Anthropic adapter: request', () => {
  it('translates system, images, parallel tool calls and results, tools and tool_choice exactly', async () => {
    const req = await anthropicAdapter.chat.buildRequest(target, canonical);
    expect(req.url).toBe('https://api.anthropic.example/v1/messages');
    expect(req.headers).toEqual({ 'content-type': 'application/json', accept: 'text/event-stream', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-secret' });
    expect(JSON.parse(req.body)).toEqual(fixtureJson(__dirname, 'anthropic-request.json'));
  });

  it('defaults max_tokens and maps tool_choice variants', async () => {
    const base = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    const body = async (extra: object) => JSON.parse((await anthropicAdapter.chat.buildRequest(target, { ...base, ...extra })).body);
    expect((await body({})).max_tokens).toBe(4096);
    expect((await body({ tools, tool_choice: 'none' })).tool_choice).toEqual({ type: 'none' });
    expect((await body({ tools, tool_choice: 'auto' })).tool_choice).toEqual({ type: 'auto' });
    expect((await body({ tools, tool_choice: { type: 'function', function: { name: 'f' } } })).tool_choice).toEqual({ type: 'tool', name: 'f' });
    expect((await body({ tools })).tools).toEqual([{ name: 'f', input_schema: { type: 'object', properties: {} } }]);
  });

  it('emulates json_schema with one forced tool whose input comes back as the message text', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const req = JSON.parse(
      (await anthropicAdapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'user', content: 'hi' }], response_format: { type: 'json_schema', json_schema: { name: 'place', schema } } })).body,
    );
    expect(req.tools).toEqual([{ name: 'sluice_json_response', description: "Respond with the final answer as JSON matching the 'place' schema.", input_schema: schema }]);
    expect(req.tool_choice).toEqual({ type: 'tool', name: 'sluice_json_response' });
    const response = anthropicAdapter.chat.parseResponse(
      { ...fixtureJson<object>(__dirname, 'message-response.json'), content: [{ type: 'tool_use', id: 'toolu_1', name: 'sluice_json_response', input: { city: 'Paris' } }] },
      target,
    );
    expect(response.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: '{"city":"Paris"}' }, finish_reason: 'stop' });
  });

  it('says clearly what cannot be translated', async () => {
    const ask = (extra: object) => anthropicAdapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra });
    await expect(ask({ n: 2 })).rejects.toThrow(new TranslationError("Provider 'Test anthropic' (anthropic) cannot return more than one choice (n > 1)."));
    await expect(ask({ logprobs: true })).rejects.toThrow(TranslationError);
    await expect(
      anthropicAdapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }] }] }),
    ).rejects.toThrow("cannot take 'input_audio' content parts");
  });
});

describe('Anthropic adapter: response and stream', () => {
  it('translates a recorded message with text, tool_use and cache usage', () => {
    const parsed = anthropicAdapter.chat.parseResponse(fixtureJson(__dirname, 'message-response.json'), target);
    expect(parsed).toEqual({
      id: 'msg_01Aq9w938a90dw8q',
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'claude-sonnet-4-20250514',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: "I'll check the current weather in Paris for you.",
            tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 2620, completion_tokens: 89, total_tokens: 2709, prompt_tokens_details: { cached_tokens: 2048, cache_creation_tokens: 100 } },
      // Anthropic's `standard` tier in OpenAI's words.
      service_tier: 'default',
    });
  });

  it('translates a recorded SSE transcript (text + tool_use) the same across any chunk boundaries', () => {
    const bytes = encoder.encode(fixtureText(__dirname, 'stream-text-tool.sse'));
    const [whole, bytewise, sliced] = translateThreeWays(() => anthropicAdapter.chat.createStreamTranslator(target), bytes);
    expect(bytewise).toEqual(whole);
    expect(sliced).toEqual(whole);
    expect(whole[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(whole.every((c) => c.id === 'msg_014p7gG3wDgGV9EUtLvnow3U')).toBe(true);
    expect(collectStream(whole)).toEqual({
      content: "Okay, let's check the weather for Zürich ☀️:",
      tools: [{ id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"location": "Zürich, CH"}' }],
      finish: 'tool_calls',
      usage: { prompt_tokens: 600, completion_tokens: 89, total_tokens: 689, prompt_tokens_details: { cached_tokens: 128 } },
      usageIsLast: true,
    });
  });

  it('raises in-stream errors and streams that end before message_stop', () => {
    const translator = anthropicAdapter.chat.createStreamTranslator(target);
    expect(() => translator.push('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')).toThrow(ProviderStreamError);
    const cut = anthropicAdapter.chat.createStreamTranslator(target);
    cut.push(fixtureText(__dirname, 'stream-text-tool.sse').split('event: message_delta')[0]);
    expect(() => cut.end()).toThrow("Provider 'Test anthropic' (anthropic) closed the stream before it finished");
  });

  it('classifies Anthropic errors', () => {
    const tooLong = anthropicAdapter.classifyError(400, '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 215000 tokens > 200000 maximum"}}', {});
    expect(tooLong.kind).toBe('context_window_exceeded');
    const limited = anthropicAdapter.classifyError(429, '{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}', {
      'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT',
    });
    expect(limited.kind).toBe('rate_limit');
    expect(limited.retryAfterMs).toBeGreaterThan(1e9);
    expect(anthropicAdapter.classifyError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', {}).kind).toBe('server');
    expect(anthropicAdapter.embeddings).toBeUndefined();
  });
});
