import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('fault and latency injection', () => {
  let mock: RunningMockProvider;
  let openai: OpenAI;
  const chat = (model: string, headers: Record<string, string> = {}) =>
    openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] }, { headers });

  beforeAll(async () => {
    mock = await listenForTest();
    openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.baseUrl}/v1`, maxRetries: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => fetch(`${mock.baseUrl}/_mock/reset`, { method: 'POST' }));

  const setConfig = async (config: unknown) => {
    const response = await fetch(`${mock.baseUrl}/_mock/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    expect(response.status).toBe(200);
  };

  it('overrides the status with an error body in each provider format', async () => {
    await expect(chat('m', { 'x-mock-status': '500' })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const anthropic = new Anthropic({ apiKey: 'k', baseURL: mock.baseUrl, maxRetries: 0 });
    await expect(
      anthropic.messages.create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '529' } }),
    ).rejects.toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } });
    const gemini = await fetch(`${mock.baseUrl}/v1beta/models/g:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k', 'content-type': 'application/json', 'x-mock-status': '503' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }),
    });
    expect(gemini.status).toBe(503);
    expect(await gemini.json()).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
  });

  it('answers 429 with Retry-After', async () => {
    const error = await chat('m', { 'x-mock-retry-after': '7' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.headers.get('retry-after')).toBe('7');
    expect(rateLimit.error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
  });

  it('fails the first K requests of one model (config scoped by model) while its fallback succeeds', async () => {
    await setConfig({ models: { primary: { failFirst: 2, failStatus: 503 } } });
    await expect(chat('primary')).rejects.toMatchObject({ status: 503 });
    await expect(chat('fallback')).resolves.toMatchObject({ model: 'fallback' });
    await expect(chat('primary')).rejects.toMatchObject({ status: 503 });
    await expect(chat('primary')).resolves.toMatchObject({ model: 'primary' });
    const stats = await (await fetch(`${mock.baseUrl}/_mock/stats`)).json();
    expect(stats).toEqual({
      totalRequests: 4,
      models: { primary: { requests: 3, injectedErrors: 2, clientDisconnects: 0 }, fallback: { requests: 1, injectedErrors: 0, clientDisconnects: 0 } },
    });
  });

  it('counts fail-first per API key when scoped by key', async () => {
    const headers = { 'x-mock-fail-first': '1', 'x-mock-fail-scope': 'key' };
    const other = new OpenAI({ apiKey: 'sk-other', baseURL: `${mock.baseUrl}/v1`, maxRetries: 0 });
    await expect(chat('m', headers)).rejects.toMatchObject({ status: 500 });
    await expect(other.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { headers })).rejects.toMatchObject({
      status: 500,
    });
    await expect(chat('m', headers)).resolves.toBeDefined();
  });

  it('lets the SDK retry through fail-first, honouring Retry-After', async () => {
    const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.baseUrl}/v1`, maxRetries: 2 });
    const completion = await retrying.chat.completions.create(
      { model: 'retry-me', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-mock-fail-first': '2', 'x-mock-fail-status': '429', 'x-mock-retry-after': '0' } },
    );
    expect(completion.model).toBe('retry-me');
  });

  it('drops the connection mid-stream, which the client sees as an error', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'm', stream: true, messages: [{ role: 'user', content: 'a long story please' }] },
      { headers: { 'x-mock-drop-after-chunks': '2' } },
    );
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(received).toHaveLength(2);
  });

  it('delays responses by a fixed latency, a configured range, and a slow first token', async () => {
    let started = Date.now();
    await chat('m', { 'x-mock-latency-ms': '150' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    await setConfig({ defaults: { latencyRangeMs: { min: 100, max: 120 } } });
    started = Date.now();
    await chat('m');
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);

    const response = await fetch(`${mock.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'x-mock-ttft-ms': '150', 'x-mock-chunk-delay-ms': '20' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    started = Date.now();
    const reader = response.body!.getReader();
    await reader.read();
    const firstChunkAt = Date.now() - started;
    while (!(await reader.read()).done);
    expect(firstChunkAt).toBeGreaterThanOrEqual(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('hangs until the client gives up, without blocking the server', async () => {
    await setConfig({ models: { stuck: { hang: true } } });
    const started = Date.now();
    await expect(
      fetch(`${mock.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'stuck', messages: [{ role: 'user', content: 'hi' }] }),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await expect(chat('fine')).resolves.toBeDefined();
    const stats = (await (await fetch(`${mock.baseUrl}/_mock/stats`)).json()) as { models: Record<string, { clientDisconnects: number }> };
    expect(stats.models.stuck.clientDisconnects).toBe(1);
    expect(stats.models.fine.clientDisconnects).toBe(0);
  });

  it('rejects malformed x-mock headers with a 400 in the provider format', async () => {
    await expect(chat('m', { 'x-mock-latency-ms': 'soon' })).rejects.toMatchObject({
      status: 400,
      error: { message: 'x-mock-latency-ms must be a non-negative integer' },
    });
  });
});
