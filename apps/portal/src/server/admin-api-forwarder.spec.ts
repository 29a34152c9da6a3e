import { downstreamResponseHeaders, forwardToAdminApi, isServerOnlyPath, upstreamUrl } from './admin-api-forwarder';

const ADMIN = 'http://admin.internal:4100';

function captureFetch(response: Response) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: URL | string, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    return response;
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('forwardToAdminApi', () => {
  it('relays method, path, query, body and the auth headers, and nothing else the browser sent', async () => {
    const { calls, fetchImpl } = captureFetch(new Response('{}', { status: 201 }));
    const request = new Request('http://portal.local/api/v1/keys?team=a&limit=5', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'sluice_session=abc',
        authorization: 'Bearer t0k3n',
        'x-request-id': 'req-123',
        'x-csrf-token': 'csrf-1',
        'x-sluice-org': 'acme',
        'x-internal-debug': 'please',
      },
      body: JSON.stringify({ name: 'ci' }),
    });

    const response = await forwardToAdminApi(request, { adminApiUrl: ADMIN, fetchImpl });

    expect(response.status).toBe(201);
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls;
    expect(url).toBe('http://admin.internal:4100/api/v1/keys?team=a&limit=5');
    expect(init.method).toBe('POST');
    expect(await new Response(init.body).text()).toBe('{"name":"ci"}');
    const headers = new Headers(init.headers);
    expect(headers.get('cookie')).toBe('sluice_session=abc');
    expect(headers.get('authorization')).toBe('Bearer t0k3n');
    expect(headers.get('x-request-id')).toBe('req-123');
    expect(headers.get('x-csrf-token')).toBe('csrf-1');
    expect(headers.get('x-sluice-org')).toBe('acme');
    expect(headers.get('x-forwarded-host')).toBe('portal.local');
    expect(headers.get('x-forwarded-proto')).toBe('http');
    expect(headers.has('x-internal-debug')).toBe(false);
    expect(init.redirect).toBe('manual');
  });

  it('streams the answer back with its status, cookies and a request id, minus hop-by-hop headers', async () => {
    const upstreamHeaders = new Headers({ 'content-type': 'application/json', connection: 'keep-alive, x-hop', 'x-hop': '1', 'keep-alive': 'timeout=5' });
    upstreamHeaders.append('set-cookie', 'a=1; HttpOnly');
    upstreamHeaders.append('set-cookie', 'b=2; HttpOnly');
    const { calls, fetchImpl } = captureFetch(new Response('{"totalRequests":7,"since":null}', { status: 200, headers: upstreamHeaders }));

    const response = await forwardToAdminApi(new Request('http://portal.local/api/v1/stats/requests'), { adminApiUrl: ADMIN, fetchImpl });

    expect(calls[0].init.body).toBeUndefined();
    expect(await response.json()).toEqual({ totalRequests: 7, since: null });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; HttpOnly']);
    expect(response.headers.get('x-request-id')).toBe(new Headers(calls[0].init.headers).get('x-request-id'));
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 502 problem+json without internal addresses when the admin API is unreachable', async () => {
    const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 10.0.0.5:4100') });
    const fetchImpl = (async () => {
      throw refused;
    }) as typeof fetch;
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const response = await forwardToAdminApi(new Request('http://portal.local/api/v1/stats/requests', { headers: { 'x-request-id': 'r-9' } }), {
      adminApiUrl: ADMIN,
      fetchImpl,
    });

    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('r-9');
    const body = await response.json();
    expect(body).toMatchObject({ type: 'urn:sluice:problem:admin-api-unreachable', title: 'Bad Gateway', status: 502 });
    expect(body.detail).toContain('could not reach the admin API');
    expect(body.detail).not.toContain('10.0.0.5');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED 10.0.0.5:4100'));
    log.mockRestore();
  });

  it('does not log a failure when the browser cancels the request (the relay’s abort is not the admin API failing)', async () => {
    const client = new AbortController();
    const fetchImpl = ((_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof fetch;
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const answer = forwardToAdminApi(new Request('http://portal.local/api/v1/analytics/summary', { signal: client.signal }), { adminApiUrl: ADMIN, fetchImpl });
    client.abort();
    const response = await answer;

    expect(response.status).toBe(499);
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});

describe('server-only admin API routes', () => {
  it('never relays the playground session key to the browser, however the path is spelled', async () => {
    for (const path of ['/api/v1/playground/session-key', '/api/v1/playground/session-key/', '//api/v1//playground/session-key', '/API/v1/Playground/Session-Key', '/api/v1/playground/session%2Dkey']) {
      const { calls, fetchImpl } = captureFetch(new Response('{"secret":"sk-sluice-x"}', { status: 201 }));
      const answer = await forwardToAdminApi(new Request(`http://portal.local${path}`, { method: 'POST', headers: { cookie: 'sluice_session=abc' } }), { adminApiUrl: ADMIN, fetchImpl });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(await answer.text()).not.toContain('sk-sluice');
      expect(calls).toHaveLength(0);
    }
  });

  it('relays the other playground and key routes', () => {
    expect(isServerOnlyPath('/api/v1/api-keys')).toBe(false);
    expect(isServerOnlyPath('/api/v1/playground/session-keys')).toBe(false);
  });
});

describe('upstreamUrl', () => {
  it('keeps a path prefix of ADMIN_API_URL', () => {
    expect(upstreamUrl('http://gw.corp/admin/', new URL('http://portal/api/v1/stats/requests?x=1')).toString()).toBe(
      'http://gw.corp/admin/api/v1/stats/requests?x=1',
    );
  });
});

describe('downstreamResponseHeaders', () => {
  it('drops encoding and length, which no longer match the decoded body', () => {
    const headers = downstreamResponseHeaders(new Headers({ 'content-encoding': 'gzip', 'content-length': '12', etag: '"v1"' }));
    expect(headers.has('content-encoding')).toBe(false);
    expect(headers.has('content-length')).toBe(false);
    expect(headers.get('etag')).toBe('"v1"');
  });
});
