import { deeplyNested, fieldPaths, HOSTILE_STRINGS, MALFORMED_BODIES, WRONG_TYPES, withField, type RawRequest } from '@sluice/testing';

interface Endpoint {
  path: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

function endpoints(model: string, embeddingModel: string): Endpoint[] {
  const anthropic = { 'anthropic-version': '2023-06-01' };
  return [
    { path: '/v1/chat/completions', body: { model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }], metadata: { team: 'x' } } },
    { path: '/v1/completions', body: { model, prompt: 'hi', max_tokens: 8 } },
    { path: '/v1/responses', body: { model, input: 'hi', max_output_tokens: 16 } },
    { path: '/v1/messages', body: { model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }, headers: anthropic },
    { path: '/v1/messages/count_tokens', body: { model, messages: [{ role: 'user', content: 'hi' }] }, headers: anthropic },
    { path: '/v1/embeddings', body: { model: embeddingModel, input: 'hi' } },
  ];
}

/** Strings that would split a header line; they go in bodies only. */
const headerSafe = (s: string) => s.length < 8000 && [...s].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0x7e);

/**
 * At least 2,000 malformed and adversarial requests against the gateway's public API, with a valid
 * key. `mayPass` marks requests that are valid but nasty (a prompt full of SQL, say): those may
 * succeed; every other one must be refused with a 4xx.
 */
export function gatewayHostileCorpus(key: string, model: string, embeddingModel: string): RawRequest[] {
  const corpus: RawRequest[] = [];
  const auth = { authorization: `Bearer ${key}` };
  for (const endpoint of endpoints(model, embeddingModel)) {
    const base = { ...auth, 'content-type': 'application/json', ...endpoint.headers };
    const json = (name: string, body: unknown, mayPass = true, headers: Record<string, string> = base): RawRequest => ({
      name: `${endpoint.path} ${name}`,
      method: 'POST',
      path: endpoint.path,
      headers,
      body: JSON.stringify(body),
      mayPass,
    });

    MALFORMED_BODIES.forEach((body, i) => corpus.push({ name: `${endpoint.path} malformed body #${i}`, method: 'POST', path: endpoint.path, headers: base, body, mayPass: false }));
    for (const path of fieldPaths(endpoint.body)) {
      WRONG_TYPES.forEach((value, i) => corpus.push(json(`${path.join('.')} = wrong type #${i}`, withField(endpoint.body, path, value))));
      HOSTILE_STRINGS.forEach((value, i) => corpus.push(json(`${path.join('.')} = hostile string #${i}`, withField(endpoint.body, path, value))));
    }
    corpus.push(
      { name: `${endpoint.path} __proto__ at top level`, method: 'POST', path: endpoint.path, headers: base, body: JSON.stringify(endpoint.body).replace(/^\{/, '{"__proto__":{"isAdmin":true,"model":"evil"},'), mayPass: true },
      { name: `${endpoint.path} constructor.prototype`, method: 'POST', path: endpoint.path, headers: base, body: JSON.stringify(endpoint.body).replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},'), mayPass: true },
      { name: `${endpoint.path} nested arrays 5,000 deep`, method: 'POST', path: endpoint.path, headers: base, body: JSON.stringify(endpoint.body).replace(/\}$/, `,"deep":${deeplyNested(5000, 'array')}}`), mayPass: true },
      { name: `${endpoint.path} nested objects 5,000 deep`, method: 'POST', path: endpoint.path, headers: base, body: JSON.stringify(endpoint.body).replace(/\}$/, `,"deep":${deeplyNested(5000, 'object')}}`), mayPass: true },
      // Announces 24 MB (over the 20 MB limit) and sends the start: the gateway must refuse from the
      // header without reading on (a client that pushed all 24 MB would see the connection reset).
      { name: `${endpoint.path} 24 MB body announced (over the 20 MB limit)`, method: 'POST', path: endpoint.path, headers: { ...base, 'content-length': String(24 * 1024 * 1024) }, body: `{"pad":"${'x'.repeat(65_536)}`, mayPass: false, timeoutMs: 30_000 },
      json('max_tokens 10^12', { ...endpoint.body, max_tokens: 1e12 }),
      json('n = 1000', { ...endpoint.body, n: 1000 }),
      json('n = -1', { ...endpoint.body, n: -1 }),
      json('stream = "yes"', { ...endpoint.body, stream: 'yes' }),
      json('10,000 messages', { ...endpoint.body, messages: Array.from({ length: 10_000 }, () => ({ role: 'user', content: 'x' })) }),
      json('api_base override', { ...endpoint.body, api_base: 'http://169.254.169.254/latest' }, false),
      json('base_url override', { ...endpoint.body, base_url: 'http://127.0.0.1:22/' }, false),
      json('no key', endpoint.body, false, { 'content-type': 'application/json', ...endpoint.headers }),
      json('Bearer without a key', endpoint.body, false, { ...base, authorization: 'Bearer' }),
      json('Basic auth', endpoint.body, false, { ...base, authorization: 'Basic YWRtaW46YWRtaW4=' }),
      json('100 KB key', endpoint.body, false, { ...base, authorization: `Bearer sk-sluice-${'a'.repeat(100_000)}` }),
      json('key of another shape', endpoint.body, false, { ...base, authorization: 'Bearer sk-proj-0123456789abcdef' }),
      json('text/plain', endpoint.body, true, { ...base, 'content-type': 'text/plain' }),
      json('multipart', endpoint.body, false, { ...base, 'content-type': 'multipart/form-data; boundary=x' }),
      json('utf-16 charset', endpoint.body, true, { ...base, 'content-type': 'application/json; charset=utf-16' }),
      { name: `${endpoint.path} content-length and transfer-encoding (smuggling)`, method: 'POST', path: endpoint.path, headers: { ...base, 'content-length': '5', 'transfer-encoding': 'chunked' }, body: '0\r\n\r\n', mayPass: false },
      { name: `${endpoint.path} content-length larger than body (slow body)`, method: 'POST', path: endpoint.path, headers: { ...base, 'content-length': '10' }, body: '{}', mayPass: false, timeoutMs: 120_000 },
      ...['PUT', 'PATCH', 'DELETE', 'TRACE'].map((method) => ({ name: `${method} ${endpoint.path}`, method, path: endpoint.path, headers: base, body: JSON.stringify(endpoint.body), mayPass: false })),
    );
    for (const header of ['x-sluice-cache', 'x-request-id', 'x-sluice-metadata', 'cache-control', 'x-forwarded-for', 'x-sluice-org', 'x-portkey-custom-host', 'host-override']) {
      HOSTILE_STRINGS.filter(headerSafe).forEach((value, i) => corpus.push(json(`header ${header} = hostile #${i}`, endpoint.body, true, { ...base, [header]: value })));
    }
  }
  const paths = [
    '/v1/models/..%2F..%2Fetc%2Fpasswd',
    '/v1/models/../../etc/passwd',
    '/v1/../../../etc/passwd',
    '/v1/chat/completions%00',
    '/v1/chat/completions/..;/admin',
    '//v1//chat//completions',
    '/v1/models/%ff%fe',
    '/v1/models/' + 'a'.repeat(4000),
    '/v1/chat/completions?__proto__[polluted]=1',
    '/v1/chat/completions?constructor[prototype][polluted]=1',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/admin',
    '/api/v1/api-keys',
    '/_mock/config',
    '/v2/chat/completions',
    ...HOSTILE_STRINGS.filter(headerSafe).map((s) => `/v1/models/${encodeURIComponent(s)}`),
  ];
  for (const path of paths) {
    corpus.push({ name: `GET ${path.slice(0, 80)}`, method: 'GET', path, headers: auth, mayPass: true });
    corpus.push({ name: `POST ${path.slice(0, 80)}`, method: 'POST', path, headers: { ...auth, 'content-type': 'application/json' }, body: '{}', mayPass: false });
  }
  return corpus;
}
