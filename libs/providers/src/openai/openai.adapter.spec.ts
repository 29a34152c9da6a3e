import { collectStream, fixtureJson, fixtureText, translateThreeWays } from '../testing/fixtures';
import { targetFor } from '../testing/targets';
import { TranslationError } from '../core/errors';
import { openAiAdapter } from './openai.adapter';

const target = targetFor('openai', { baseUrl: 'https://api.example.test/v1/', options: { organization: 'org-1' } });
const encoder = new TextEncoder();

describe('OpenAI adapter', () => {
  it('targets /chat/completions with the upstream model, the credential and the organization', async () => {
    const req = await openAiAdapter.chat.buildRequest(target, { model: 'alias', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, seed: 7 });
    expect(req).toMatchObject({ url: 'https://api.example.test/v1/chat/completions', method: 'POST' });
    expect(req.headers).toMatchObject({ authorization: 'Bearer sk-upstream-secret', 'openai-organization': 'org-1', accept: 'application/json' });
    expect(JSON.parse(req.body)).toEqual({ model: 'upstream-model', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, seed: 7 });
  });

  it('always asks for usage in streams', async () => {
    const req = await openAiAdapter.chat.buildRequest(target, { model: 'x', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(JSON.parse(req.body).stream_options).toEqual({ include_usage: true });
    expect(req.headers.accept).toBe('text/event-stream');
  });

  it('parses a recorded response with parallel tool calls unchanged', () => {
    const body = fixtureJson(__dirname, 'chat-response.json');
    expect(openAiAdapter.chat.parseResponse(body, target)).toEqual(body);
  });

  it('translates a recorded stream identically whole, byte by byte and in slices (UTF-8 split safely)', () => {
    const bytes = encoder.encode(fixtureText(__dirname, 'chat-stream.sse'));
    const [whole, bytewise, sliced] = translateThreeWays(() => openAiAdapter.chat.createStreamTranslator(target), bytes);
    expect(bytewise).toEqual(whole);
    expect(sliced).toEqual(whole);
    expect(whole).toHaveLength(5);
    expect(collectStream(whole)).toEqual({
      content: 'Héllo wörld 🌍',
      tools: [],
      finish: 'stop',
      usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
      usageIsLast: true,
    });
  });

  it('passes embeddings through with the upstream model', async () => {
    const req = await openAiAdapter.embeddings!.buildRequest(target, { model: 'alias', input: ['a', 'b'], dimensions: 256 });
    expect(req.url).toBe('https://api.example.test/v1/embeddings');
    expect(JSON.parse(req.body)).toEqual({ model: 'upstream-model', input: ['a', 'b'], dimensions: 256 });
    const response = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, -0.2] }], model: 'text-embedding-3-small', usage: { prompt_tokens: 2, total_tokens: 2 } };
    expect(openAiAdapter.embeddings!.parseResponse(response, target, { model: 'alias', input: 'a' })).toEqual(response);
  });

  it('classifies upstream errors', () => {
    const ctx = openAiAdapter.classifyError(
      400,
      JSON.stringify({ error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded' } }),
      {},
    );
    expect(ctx).toMatchObject({ kind: 'context_window_exceeded', status: 400 });
    expect(ctx.message).toContain('maximum context length is 128000 tokens');
    expect(openAiAdapter.classifyError(429, '{"error":{"message":"Rate limit reached","type":"requests"}}', { 'retry-after': '20' })).toEqual({
      kind: 'rate_limit',
      status: 429,
      retryAfterMs: 20_000,
      message: 'Provider openai is rate limiting requests',
    });
    const auth = openAiAdapter.classifyError(401, '{"error":{"message":"Incorrect API key provided: sk-proj-abcdefghijkl. You can find your API key at https://platform.openai.com/account/api-keys."}}', {});
    expect(auth).toEqual({ kind: 'auth', status: 401, message: 'Provider openai rejected the gateway credentials' });
    expect(openAiAdapter.classifyError(503, 'upstream connect error', {}).kind).toBe('server');
  });

  it('rejects a feature a provider was configured without', async () => {
    const noVision = targetFor('openai', { options: { supportsVision: 'false' } });
    const request = { model: 'x', messages: [{ role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'https://img.example/cat.png' } }] }] };
    await expect(openAiAdapter.chat.buildRequest(noVision, request)).rejects.toThrow(new TranslationError("Provider 'Test openai' (openai) cannot read images."));
  });
});
