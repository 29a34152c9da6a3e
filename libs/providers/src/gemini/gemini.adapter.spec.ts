import { openAiChatRequestSchema } from '@sluice/contracts';
import { ProviderStreamError, TranslationError } from '../core/errors';
import { collectStream, fixtureJson, fixtureText, translateThreeWays } from '../testing/fixtures';
import { targetFor } from '../testing/targets';
import { geminiAdapter } from './gemini.adapter';

const target = targetFor('gemini', { baseUrl: 'https://generativelanguage.example', apiKey: 'AIza-test-key', upstreamModel: 'gemini-2.5-flash' });
const encoder = new TextEncoder();

describe('Gemini adapter: request', () => {
  it('translates system, inline image, function call/response, tool choice and JSON schema exactly', async () => {
    const request = openAiChatRequestSchema.parse(fixtureJson(__dirname, 'canonical-request.json'));
    const req = await geminiAdapter.chat.buildRequest(target, request);
    expect(req.url).toBe('https://generativelanguage.example/v1beta/models/gemini-2.5-flash:generateContent');
    expect(req.headers['x-goog-api-key']).toBe('AIza-test-key');
    expect(req.url).not.toContain('key=');
    expect(JSON.parse(req.body)).toEqual(fixtureJson(__dirname, 'gemini-request.json'));
  });

  it('streams through streamGenerateContent with alt=sse', async () => {
    const req = await geminiAdapter.chat.buildRequest(targetFor('gemini', { baseUrl: 'https://g.example/v1beta/' }), { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(req.url).toBe('https://g.example/v1beta/models/upstream-model:streamGenerateContent?alt=sse');
    expect(JSON.parse(req.body)).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
  });

  it('needs the tool call before a tool result', async () => {
    await expect(
      geminiAdapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] }),
    ).rejects.toThrow(TranslationError);
  });
});

describe('Gemini adapter: thinking', () => {
  const thinkingConfigOf = async (extra: Record<string, unknown>) => {
    const req = await geminiAdapter.chat.buildRequest(target, openAiChatRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra }));
    return (JSON.parse(req.body) as { generationConfig?: { thinkingConfig?: unknown } }).generationConfig?.thinkingConfig;
  };

  it('sends reasoning_effort or an enabled thinking budget as thinkingConfig with thought summaries, and none/disabled as budget 0', async () => {
    expect(await thinkingConfigOf({ reasoning_effort: 'high' })).toEqual({ thinkingBudget: 4096, includeThoughts: true });
    expect(await thinkingConfigOf({ reasoning_effort: 'low' })).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(await thinkingConfigOf({ thinking: { type: 'enabled', budget_tokens: 3000 } })).toEqual({ thinkingBudget: 3000, includeThoughts: true });
    expect(await thinkingConfigOf({ reasoning_effort: 'none' })).toEqual({ thinkingBudget: 0 });
    expect(await thinkingConfigOf({ thinking: { type: 'disabled' } })).toEqual({ thinkingBudget: 0 });
    expect(await thinkingConfigOf({})).toBeUndefined();
  });

  it('refuses an unknown reasoning_effort with a 400 naming the field', async () => {
    await expect(thinkingConfigOf({ reasoning_effort: 'extreme' })).rejects.toMatchObject({ code: 'invalid_thinking', param: 'reasoning_effort' });
  });

  it('returns thought summaries as reasoning_content, apart from the answer, in responses and streams', () => {
    const thoughtful = {
      candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'The user greets me. ', thought: true }, { text: 'Considering a reply.', thought: true }, { text: 'Hello!' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, thoughtsTokenCount: 40, totalTokenCount: 45 },
      modelVersion: 'gemini-2.5-flash',
    };
    const parsed = geminiAdapter.chat.parseResponse(thoughtful, target);
    expect(parsed.choices[0].message).toEqual({ role: 'assistant', content: 'Hello!', reasoning_content: 'The user greets me. Considering a reply.' });
    expect(parsed.usage).toMatchObject({ completion_tokens: 42, completion_tokens_details: { reasoning_tokens: 40 } });

    const translator = geminiAdapter.chat.createStreamTranslator(target);
    const frames = [
      { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'The user greets me.', thought: true }] } }] },
      { candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Hello!' }] }, finishReason: 'STOP' }], usageMetadata: thoughtful.usageMetadata },
    ];
    const chunks = [...translator.push(frames.map((f) => `data: ${JSON.stringify(f)}\r\n\r\n`).join('')), ...translator.end()];
    const deltas = chunks.flatMap((c) => c.choices.map((choice) => choice.delta));
    expect(deltas.filter((d) => d.reasoning_content).map((d) => d.reasoning_content)).toEqual(['The user greets me.']);
    expect(collectStream(chunks).content).toBe('Hello!');
  });
});

describe('Gemini adapter: response and stream', () => {
  it('translates a recorded response with parallel function calls and thinking usage', () => {
    const parsed = geminiAdapter.chat.parseResponse(fixtureJson(__dirname, 'generate-content-response.json'), target);
    expect(parsed).toMatchObject({ id: 'mJ3kZ6XxKpWhz7IPwbSc0A4', object: 'chat.completion', model: 'gemini-2.5-flash' });
    expect(parsed.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'Let me look that up.',
          tool_calls: [
            { id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
          ],
        },
        finish_reason: 'tool_calls',
      },
    ]);
    expect(parsed.usage).toEqual({ prompt_tokens: 41, completion_tokens: 52, total_tokens: 93, prompt_tokens_details: { cached_tokens: 16 }, completion_tokens_details: { reasoning_tokens: 30 } });
  });

  it('translates a recorded SSE transcript (CRLF framing) the same across any chunk boundaries', () => {
    const bytes = encoder.encode(fixtureText(__dirname, 'stream-text.sse'));
    const [whole, bytewise, sliced] = translateThreeWays(() => geminiAdapter.chat.createStreamTranslator(target), bytes);
    expect(bytewise).toEqual(whole);
    expect(sliced).toEqual(whole);
    expect(collectStream(whole)).toEqual({
      content: 'Les nuages sont gris à Paris ☁️.',
      tools: [],
      finish: 'stop',
      usage: { prompt_tokens: 9, completion_tokens: 10, total_tokens: 19 },
      usageIsLast: true,
    });
  });

  it('streams whole function calls as tool_call deltas with their own indexes', () => {
    const translator = geminiAdapter.chat.createStreamTranslator(target);
    const chunks = [...translator.push(fixtureText(__dirname, 'stream-tools.sse')), ...translator.end()];
    const collected = collectStream(chunks);
    expect(collected.tools.map((t) => [t.name, t.arguments])).toEqual([
      ['get_weather', '{"city":"Paris"}'],
      ['get_weather', '{"city":"Lyon"}'],
    ]);
    expect(collected.finish).toBe('tool_calls');
  });

  it('treats a stream without a finish reason as interrupted', () => {
    const translator = geminiAdapter.chat.createStreamTranslator(target);
    translator.push(fixtureText(__dirname, 'stream-text.sse').split('\r\n\r\n')[0] + '\r\n\r\n');
    expect(() => translator.end()).toThrow(ProviderStreamError);
  });

  it('classifies quota errors with the RetryInfo delay and keeps Google URLs out', () => {
    const result = geminiAdapter.classifyError(429, fixtureText(__dirname, 'rate-limit-error.json'), {});
    expect(result).toEqual({ kind: 'rate_limit', status: 429, retryAfterMs: 13_000, message: 'Provider gemini is rate limiting requests' });
    const tooLong = geminiAdapter.classifyError(400, '{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}', {});
    expect(tooLong.kind).toBe('context_window_exceeded');
  });
});

describe('Gemini adapter: embeddings', () => {
  it('uses embedContent for one text and batchEmbedContents for several', async () => {
    const one = await geminiAdapter.embeddings!.buildRequest(target, { model: 'e', input: 'hello', dimensions: 768 });
    expect(one.url).toBe('https://generativelanguage.example/v1beta/models/gemini-2.5-flash:embedContent');
    expect(JSON.parse(one.body)).toEqual({ model: 'models/gemini-2.5-flash', content: { parts: [{ text: 'hello' }] }, outputDimensionality: 768 });
    const many = await geminiAdapter.embeddings!.buildRequest(target, { model: 'e', input: ['a', 'b'] });
    expect(many.url).toContain(':batchEmbedContents');
    expect(JSON.parse(many.body).requests).toHaveLength(2);
    const parsed = geminiAdapter.embeddings!.parseResponse({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] }, target, { model: 'e', input: ['a', 'b'] });
    expect(parsed.data).toEqual([
      { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
      { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
    ]);
    await expect(geminiAdapter.embeddings!.buildRequest(target, { model: 'e', input: [1, 2, 3] })).rejects.toThrow('cannot embed token arrays');
  });
});
