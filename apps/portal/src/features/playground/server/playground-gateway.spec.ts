jest.mock('server-only', () => ({}), { virtual: true });

import { PlaygroundGateway } from './playground-gateway';

const SECRET = 'sk-sluice-playground-secret-0123456789';

interface Call {
  url: string;
  init: RequestInit;
}

/** Answers the admin API's session-key route and the gateway's routes from the given handlers; records every call. */
function fakeUpstreams(gateway: (call: Call, attempt: number) => Response, keyCreatedAt = new Date().toISOString()) {
  const calls: Call[] = [];
  let gatewayAttempts = 0;
  const fetchImpl = jest.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    if (url === 'http://admin.test/api/v1/playground/session-key') {
      return Response.json({ keyId: 'k-1', secret: SECRET, teamId: 't-1', teamName: 'Platform', allowedModels: [], expiresAt: '2026-11-26T06:00:00.000Z', createdAt: keyCreatedAt, reused: false });
    }
    return gateway({ url, init }, ++gatewayAttempts);
  });
  return { calls, fetchImpl: fetchImpl as unknown as typeof fetch };
}

const browserRequest = (path: string, body: unknown) =>
  new Request(`http://portal.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'sluice_session=abc', 'x-csrf-token': 'csrf-1', 'x-sluice-org': 'org-1', origin: 'http://portal.test' },
    body: JSON.stringify(body),
  });

const sse = (...events: string[]) => new Response(events.map((e) => `data: ${e}\n\n`).join(''), { headers: { 'content-type': 'text/event-stream', 'x-sluice-model': 'gpt-4o-mini', 'x-sluice-provider': 'Mock OpenAI', 'x-request-id': 'req-9' } });
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.5, max_tokens: 50 };

describe('PlaygroundGateway', () => {
  it('streams the chat from the gateway with the session key, which never reaches the browser', async () => {
    const { calls, fetchImpl } = fakeUpstreams(() => sse('{"choices":[{"delta":{"content":"Hello"}}]}', '[DONE]'));
    const playground = new PlaygroundGateway({ adminApiUrl: 'http://admin.test', gatewayBaseUrl: 'http://gateway.test/v1', fetchImpl });
    const res = await playground.chat(browserRequest('/playground/chat', chat));

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('x-sluice-provider')).toBe('Mock OpenAI');
    const text = await res.text();
    expect(text).toContain('"Hello"');
    expect(text + JSON.stringify([...res.headers])).not.toContain(SECRET);

    const [admin, gateway] = calls;
    const adminHeaders = new Headers(admin.init.headers);
    expect(adminHeaders.get('cookie')).toBe('sluice_session=abc');
    expect(adminHeaders.get('x-csrf-token')).toBe('csrf-1');
    expect(adminHeaders.get('x-sluice-org')).toBe('org-1');
    expect(adminHeaders.get('origin')).toBeNull();
    expect(gateway.url).toBe('http://gateway.test/v1/chat/completions');
    expect(new Headers(gateway.init.headers).get('authorization')).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(String(gateway.init.body))).toEqual({ ...chat, stream: true, stream_options: { include_usage: true } });
  });

  it('retries a key minted moments ago until the gateways know it', async () => {
    const { fetchImpl } = fakeUpstreams((_call, attempt) => (attempt < 3 ? Response.json({ error: { message: 'Invalid API key.' } }, { status: 401 }) : sse('[DONE]')));
    const playground = new PlaygroundGateway({ adminApiUrl: 'http://admin.test', gatewayBaseUrl: 'http://gateway.test/v1', fetchImpl });
    const res = await playground.chat(browserRequest('/playground/chat', chat));
    expect(res.status).toBe(200);
  });

  it('does not retry an older key, and relays the gateway’s refusal as problem+json in its words', async () => {
    const old = new Date(Date.now() - 60_000).toISOString();
    const refused = fakeUpstreams(() => Response.json({ error: { message: "This API key may not use the model 'gpt-4o'.", type: 'permission_error' } }, { status: 403 }), old);
    const playground = new PlaygroundGateway({ adminApiUrl: 'http://admin.test', gatewayBaseUrl: 'http://gateway.test/v1', fetchImpl: refused.fetchImpl });
    const res = await playground.chat(browserRequest('/playground/chat', { ...chat, model: 'gpt-4o' }));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 403, detail: "This API key may not use the model 'gpt-4o'." });

    const unknown = fakeUpstreams(() => Response.json({ error: { message: 'Invalid API key.' } }, { status: 401 }), old);
    const res401 = await new PlaygroundGateway({ adminApiUrl: 'http://admin.test', gatewayBaseUrl: 'http://gateway.test/v1', fetchImpl: unknown.fetchImpl }).chat(browserRequest('/playground/chat', chat));
    expect(res401.status).toBe(401);
    expect(unknown.calls).toHaveLength(2);
  });

  it('refuses an invalid chat before asking for a key, and says why', async () => {
    const { calls, fetchImpl } = fakeUpstreams(() => sse('[DONE]'));
    const res = await new PlaygroundGateway({ adminApiUrl: 'http://admin.test', gatewayBaseUrl: 'http://gateway.test/v1', fetchImpl }).chat(browserRequest('/playground/chat', { ...chat, temperature: 5 }));
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toContain('temperature');
    expect(calls).toHaveLength(0);
  });

  it('lists the models the session key may call, sorted, with the team', async () => {
    const { fetchImpl } = fakeUpstreams((call) => (call.url.endsWith('/models') ? Response.json({ object: 'list', data: [{ id: 'gpt-4o-mini' }, { id: 'claude-sonnet-4' }] }) : new Response(null, { status: 404 })));
    const res = await new PlaygroundGateway({ adminApiUrl: 'http://admin.test', gatewayBaseUrl: 'http://gateway.test/v1', fetchImpl }).session(browserRequest('/playground/session', {}));
    expect(await res.json()).toEqual({ teamId: 't-1', teamName: 'Platform', expiresAt: '2026-11-26T06:00:00.000Z', models: ['claude-sonnet-4', 'gpt-4o-mini'] });
  });
});
