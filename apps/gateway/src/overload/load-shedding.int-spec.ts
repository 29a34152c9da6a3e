import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { freePort, spawnService, startMockProvider, waitFor, type MockProviderProcess, type SpawnedService } from '@sluice/testing';

jest.setTimeout(120_000);

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const KEY = 'sk-sluice-loadshedding0123456789abcdefghijk';

/** `hung` never answers until its client goes away: each such request holds one in-flight slot. */
function config(mockUrl: string): string {
  return `
version: 1
organization: shedding
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - { name: hung, deployments: [{ provider: mock, model: hung }] }
  - { name: quick, deployments: [{ provider: mock, model: quick }] }
  - { name: claude-quick, deployments: [{ provider: mock, model: quick }] }
keys:
  - { name: app, key: ${KEY} }
`;
}

/** The real gateway process with GATEWAY_MAX_IN_FLIGHT=2 in front of the mock provider. */
describe('load shedding (GATEWAY_MAX_IN_FLIGHT)', () => {
  let mock: MockProviderProcess;
  let gateway: SpawnedService;
  const held: AbortController[] = [];

  beforeAll(async () => {
    mock = await startMockProvider();
    await mock.configure({ models: { hung: { hang: true } } });
    const dir = mkdtempSync(join(tmpdir(), 'sluice-shedding-'));
    const file = join(dir, 'sluice.yaml');
    writeFileSync(file, config(mock.url));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, GATEWAY_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', USAGE_SPOOL_DIR: join(dir, 'spool'), GATEWAY_MAX_IN_FLIGHT: '2' };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    delete env.SLUICE_CONFIG;
    gateway = await spawnService({ name: 'gateway', entry: join(WORKSPACE_ROOT, 'apps', 'gateway', 'dist', 'main.js'), args: ['--config', file], env, url: `http://127.0.0.1:${port}` });
  });

  const inFlight = async () => Number(/^sluice_gateway_http_requests_in_flight (\d+)/m.exec(await (await fetch(`${gateway.url}/metrics`)).text())?.[1] ?? NaN);

  // Each test starts with every slot free: the aborted requests' sockets must have closed at the gateway.
  afterEach(async () => {
    for (const controller of held.splice(0)) controller.abort();
    await waitFor(async () => (await inFlight()) === 0, { timeoutMs: 10_000, what: 'the held requests to end at the gateway' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await mock?.stop();
  });

  const post = (path: string, body: unknown, signal?: AbortSignal, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
  const chat = (model: string, signal?: AbortSignal, headers?: Record<string, string>) => post('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] }, signal, headers);

  /** Starts `count` requests that hang upstream, and waits until the mock holds them all. */
  async function fillSlots(count: number): Promise<void> {
    const before = (await mock.stats()).models.hung?.requests ?? 0;
    for (let i = 0; i < count; i += 1) {
      const controller = new AbortController();
      held.push(controller);
      chat('hung', controller.signal).catch(() => undefined);
    }
    await waitFor(async () => ((await mock.stats()).models.hung?.requests ?? 0) >= before + count, { timeoutMs: 10_000, what: 'the hung requests to reach the mock' });
  }

  const shedCount = async () => Number(/^sluice_gateway_requests_shed_total (\d+)/m.exec(await (await fetch(`${gateway.url}/metrics`)).text())?.[1] ?? 0);

  it('refuses a request beyond the bound at once: 503 in OpenAI’s format with retry-after and x-request-id; the mock never sees it', async () => {
    await fillSlots(2);
    const upstreamBefore = (await mock.stats()).totalRequests;
    const refused = await chat('quick', undefined, { 'x-request-id': 'shed-me-1' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-request-id')).toBe('shed-me-1');
    expect(await refused.json()).toEqual({ error: { message: 'The gateway is overloaded. Retry in a moment.', type: 'api_error', param: null, code: 'gateway_overloaded' } });
    expect((await mock.stats()).totalRequests).toBe(upstreamBefore);
  });

  it('answers Anthropic’s routes with 529 overloaded_error, the status the Anthropic SDK retries', async () => {
    await fillSlots(2);
    const refused = await post('/v1/messages', { model: 'quick', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }, undefined, { 'anthropic-version': '2023-06-01' });
    expect(refused.status).toBe(529);
    expect(await refused.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'The gateway is overloaded. Retry in a moment.' } });
  });

  it('never sheds health probes or the metrics scrape, and counts what it refused', async () => {
    await fillSlots(2);
    const before = await shedCount();
    expect((await chat('quick')).status).toBe(503);
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
    expect(await shedCount()).toBe(before + 1);
  });

  it('frees a slot when a request ends, including when its client goes away', async () => {
    await fillSlots(2);
    expect((await chat('quick')).status).toBe(503);
    held.shift()?.abort();
    await waitFor(async () => (await chat('quick')).status === 200, { timeoutMs: 10_000, what: 'a slot to free after the client disconnect' });
    // The request that just succeeded released its slot too: one slot is free, the second taken again by a hung request.
    await fillSlots(1);
    expect((await chat('quick')).status).toBe(503);
  });

  it('the openai SDK gets a typed 503 without retries, and succeeds by itself with retries once a slot frees', async () => {
    await fillSlots(2);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'quick', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 503, code: 'gateway_overloaded' });

    const retrying = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEY, maxRetries: 3 });
    const answer = retrying.chat.completions.create({ model: 'quick', messages: [{ role: 'user', content: 'hi' }] });
    setTimeout(() => held.shift()?.abort(), 300);
    expect((await answer).choices[0].message.content).toEqual(expect.any(String));
  });

  it('the Anthropic SDK gets a typed 529 overloaded_error without retries, and succeeds by itself with retries once a slot frees', async () => {
    await fillSlots(2);
    const error = await new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 }).messages.create({ model: 'claude-quick', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error).toMatchObject({ status: 529, error: { type: 'error', error: { type: 'overloaded_error' } } });

    const answer = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 3 }).messages.create({ model: 'claude-quick', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    setTimeout(() => held.shift()?.abort(), 300);
    expect((await answer).content[0]).toMatchObject({ type: 'text' });
  });
});
