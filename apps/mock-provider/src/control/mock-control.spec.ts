import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('/_mock control endpoints and health', () => {
  let mock: RunningMockProvider;
  beforeAll(async () => {
    mock = await listenForTest({ recorderCapacity: 3 });
  });
  afterAll(() => mock.close());
  beforeEach(() => fetch(`${mock.baseUrl}/_mock/reset`, { method: 'POST' }));

  const chat = (content: string) =>
    fetch(`${mock.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-secret-value', 'x-amz-security-token': 'session-secret-value', 'content-type': 'application/json', 'x-trace': 't1' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] }),
    });
  const recorded = async () =>
    ((await (await fetch(`${mock.baseUrl}/_mock/requests`)).json()) as { data: Array<{ id: string; url: string; headers: Record<string, string>; body: unknown }> }).data;

  it('records upstream requests with credentials redacted, keeps the last N, and clears them', async () => {
    const response = await chat('my email is a@b.c');
    const [entry] = await recorded();
    expect(entry.id).toBe(response.headers.get('x-mock-request-id'));
    expect(entry).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: { model: 'm', messages: [{ role: 'user', content: 'my email is a@b.c' }] } });
    expect(entry.headers.authorization).toBe('[redacted]');
    expect(entry.headers['x-trace']).toBe('t1');
    expect(entry.headers['x-amz-security-token']).toBe('[redacted]');
    expect(JSON.stringify(entry)).not.toContain('sk-secret-value');
    expect(JSON.stringify(entry)).not.toContain('session-secret-value');

    for (const n of [1, 2, 3]) await chat(`message ${n}`);
    expect((await recorded()).map((e) => (e.body as { messages: Array<{ content: string }> }).messages[0].content)).toEqual([
      'message 1',
      'message 2',
      'message 3',
    ]);
    expect((await fetch(`${mock.baseUrl}/_mock/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(await recorded()).toEqual([]);
  });

  it('records rejected requests too, and never the control or health routes', async () => {
    await fetch(`${mock.baseUrl}/v1/chat/completions`, { method: 'POST' });
    await fetch(`${mock.baseUrl}/health/live`);
    expect((await recorded()).map((e) => e.url)).toEqual(['/v1/chat/completions']);
  });

  it('validates, returns and resets the fault config', async () => {
    const invalid = await fetch(`${mock.baseUrl}/_mock/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ defaults: { latencyMs: -1 } }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { param: 'defaults.latencyMs' } });

    const unknownField = await fetch(`${mock.baseUrl}/_mock/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ models: { m: { latencyMsTypo: 5 } } }),
    });
    expect(unknownField.status).toBe(400);

    const config = { defaults: { chunkDelayMs: 5 }, models: { m: { status: 503 } } };
    await fetch(`${mock.baseUrl}/_mock/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
    expect(await (await fetch(`${mock.baseUrl}/_mock/config`)).json()).toEqual(config);
    expect((await chat('x')).status).toBe(503);

    expect((await fetch(`${mock.baseUrl}/_mock/config`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${mock.baseUrl}/_mock/config`)).json()).toEqual({ defaults: {}, models: {} });
    expect((await chat('x')).status).toBe(200);
  });

  it('counts requests per model and resets the stats', async () => {
    await chat('a');
    await chat('b');
    expect(await (await fetch(`${mock.baseUrl}/_mock/stats`)).json()).toEqual({ totalRequests: 2, models: { m: { requests: 2, injectedErrors: 0, clientDisconnects: 0 } } });
    await fetch(`${mock.baseUrl}/_mock/stats`, { method: 'DELETE' });
    expect(await (await fetch(`${mock.baseUrl}/_mock/stats`)).json()).toEqual({ totalRequests: 0, models: {} });
  });

  it('serves health probes and answers unknown routes with a 404 in OpenAI format', async () => {
    expect(await (await fetch(`${mock.baseUrl}/health/live`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${mock.baseUrl}/health/ready`)).status).toBe(200);
    const missing = await fetch(`${mock.baseUrl}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
