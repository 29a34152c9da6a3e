import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OtlpReceiver, parsePrometheusText, sumSamples, type PromSample, type ReceivedSpan } from '@sluice/observability';
import {
  createTestRedisPrefix,
  findUsageEvent,
  freePort,
  spawnService,
  startMockProvider,
  waitFor,
  type MockProviderProcess,
  type SpawnedService,
  type TestRedisNamespace,
} from '@sluice/testing';

const GATEWAY_ENTRY = join(__dirname, '..', '..', 'dist', 'main.js');
const PEPPER = 'observability-test-pepper-0123';
const KEY = 'sk-sluice-observability0123456789abcdefghijk';
const LIMITED_KEY = 'sk-sluice-obslimited0123456789abcdefghijklmn';
const METRICS_TOKEN = 'metrics-token-0123456789';
const PROMPT = 'a secret prompt that must never reach a span';

function config(mockUrl: string): string {
  return `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-secret-key }
models:
  - name: obs-model
    prices: { input_per_1m: 1000, output_per_1m: 1000 }
    deployments: [{ provider: mock, model: obs-upstream }]
keys:
  - { name: plain, key: ${KEY} }
  - { name: limited, key: ${LIMITED_KEY}, limits: { rpm: 2 } }
`;
}

describe('gateway /metrics and OpenTelemetry traces (real gateway process)', () => {
  let mock: MockProviderProcess;
  let redis: TestRedisNamespace;
  let otlp: OtlpReceiver;
  let gateway: SpawnedService;

  beforeAll(async () => {
    [mock, redis, otlp] = await Promise.all([startMockProvider(), createTestRedisPrefix(), OtlpReceiver.start()]);
    const dir = mkdtempSync(join(tmpdir(), 'sluice-observability-'));
    writeFileSync(join(dir, 'sluice.yaml'), config(mock.url));
    const port = await freePort();
    gateway = await spawnService({
      name: 'gateway',
      entry: GATEWAY_ENTRY,
      env: {
        ...process.env,
        SLUICE_CONFIG: join(dir, 'sluice.yaml'),
        GATEWAY_PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        QUEUE_PREFIX: redis.prefix,
        SLUICE_KEY_PEPPER: PEPPER,
        LOG_LEVEL: 'warn',
        USAGE_SPOOL_DIR: join(dir, 'spool'),
        METRICS_TOKEN,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_SERVICE_NAME: 'sluice-gateway-test',
      },
      url: `http://127.0.0.1:${port}`,
    });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([mock?.stop(), otlp?.close(), redis?.flush()]);
  });

  function chat(key: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'obs-model', messages: [{ role: 'user', content: PROMPT }], max_tokens: 16, temperature: 0.5, ...body }),
    });
  }

  async function scrape(): Promise<PromSample[]> {
    const res = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parsePrometheusText(await res.text());
  }

  it('counts requests, errors, limits, tokens, cost and latencies, and guards /metrics with METRICS_TOKEN', async () => {
    for (let i = 0; i < 4; i++) expect((await chat(KEY)).status).toBe(200);
    const streamed = await chat(KEY, { stream: true, stream_options: { include_usage: true } });
    expect(streamed.status).toBe(200);
    await streamed.text();
    const limited = [await chat(LIMITED_KEY), await chat(LIMITED_KEY), await chat(LIMITED_KEY)].map((r) => r.status);
    expect(limited).toEqual([200, 200, 429]);
    expect((await chat('sk-sluice-unknown0123456789abcdefghijklmnopqrs')).status).toBe(401);
    expect((await chat(KEY, { model: 'no-such-model-xyz' })).status).toBeGreaterThanOrEqual(400);

    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const m = await scrape();

    // 5 + 3 + 1 authenticated requests; the unknown model is counted under `other`, never by its name.
    expect(sumSamples(m, 'sluice_gateway_requests_total')).toBe(9);
    expect(sumSamples(m, 'sluice_gateway_requests_total', { model: 'obs-model', status_class: '2xx', provider: 'mock' })).toBe(7);
    expect(sumSamples(m, 'sluice_gateway_requests_total', { model: 'obs-model', status_class: '4xx' })).toBe(1);
    expect(m.some((s) => s.labels.model === 'no-such-model-xyz')).toBe(false);
    expect(sumSamples(m, 'sluice_gateway_rate_limit_decisions_total', { decision: 'limited', reason: 'rate_limit' })).toBe(1);
    expect(sumSamples(m, 'sluice_gateway_rate_limit_decisions_total', { decision: 'admitted', reason: 'redis' })).toBe(2);
    expect(sumSamples(m, 'sluice_gateway_errors_total', { code: 'rate_limit_exceeded' })).toBe(1);
    expect(sumSamples(m, 'sluice_gateway_request_duration_seconds_count')).toBe(9);
    expect(sumSamples(m, 'sluice_gateway_time_to_first_token_seconds_count', { stream: 'true' })).toBe(1);
    expect(sumSamples(m, 'sluice_gateway_upstream_duration_seconds_count', { provider: 'mock', model: 'obs-upstream', outcome: '2xx' })).toBe(7);
    const input = sumSamples(m, 'sluice_gateway_tokens_total', { direction: 'input', model: 'obs-model' });
    const output = sumSamples(m, 'sluice_gateway_tokens_total', { direction: 'output', model: 'obs-model' });
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    // $1,000 per 1M tokens: one token costs $0.001.
    expect(sumSamples(m, 'sluice_gateway_cost_usd_total', { model: 'obs-model' })).toBeCloseTo((input + output) / 1000, 6);
    expect(sumSamples(m, 'sluice_gateway_cache_requests_total', { status: 'bypass' })).toBe(9);
    // HTTP level: the 401 is counted too (by route pattern), and nothing is in flight now.
    expect(sumSamples(m, 'sluice_gateway_http_requests_total', { route: '/v1/chat/completions', status_class: '4xx' })).toBe(3);
    expect(sumSamples(m, 'sluice_gateway_http_requests_in_flight')).toBe(0);
    expect(sumSamples(m, 'sluice_gateway_config_snapshot_loaded_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 600);
    expect(m.some((s) => s.name === 'sluice_gateway_config_snapshot_version')).toBe(true);
    expect(sumSamples(m, 'sluice_gateway_usage_spool_batches')).toBe(0);
    expect(m.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    // No key, user or team id and no key material in any label.
    expect(m.some((s) => Object.values(s.labels).some((v) => v.includes('sk-sluice') || /^[0-9a-f-]{36}$/.test(v)))).toBe(false);
  });

  it('exports a request span and an upstream child span with GenAI attributes, and sends traceparent upstream and with the usage event', async () => {
    await fetch(`${mock.url}/_mock/requests`, { method: 'DELETE' });
    const callerTrace = '0af7651916cd43dd8448eb211c80319c';
    const res = await chat(KEY, {}, { traceparent: `00-${callerTrace}-b7ad6b7169203331-01`, 'x-request-id': 'obs-trace-1' });
    expect(res.status).toBe(200);

    const server = await waitFor(async () => otlp.spans.find((s) => s.traceId === callerTrace && s.kind === 2), { what: 'request span', timeoutMs: 10_000 });
    const client = await waitFor(async () => otlp.spans.find((s) => s.parentSpanId === server.spanId && s.kind === 3), { what: 'upstream span', timeoutMs: 10_000 });
    expect(server.serviceName).toBe('sluice-gateway-test');
    expect(server.parentSpanId).toBe('b7ad6b7169203331');
    expect(server.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'obs-model',
      'gen_ai.response.model': 'obs-model',
      'gen_ai.request.max_tokens': 16,
      'gen_ai.request.temperature': 0.5,
      'http.response.status_code': 200,
      'sluice.request_id': 'obs-trace-1',
    });
    expect(client.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'obs-upstream',
      'gen_ai.request.max_tokens': 16,
      'gen_ai.request.temperature': 0.5,
      'http.response.status_code': 200,
    });
    expect(client.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number));
    expect(client.attributes['gen_ai.usage.output_tokens']).toEqual(expect.any(Number));

    // The provider saw the upstream span's context.
    const recorded = (await (await fetch(`${mock.url}/_mock/requests`)).json()) as { data: Array<{ headers: Record<string, string> }> };
    expect(recorded.data.at(-1)?.headers.traceparent).toBe(`00-${callerTrace}-${client.spanId}-01`);
    // The usage event carries the request span's context to the worker.
    const event = await findUsageEvent(redis.url, redis.prefix, 'obs-trace-1');
    expect(event.traceparent).toBe(`00-${callerTrace}-${server.spanId}-01`);
    // Never prompts, keys or auth headers in what was exported.
    const exported = otlp.rawBodies.join('\n');
    for (const secret of [PROMPT, KEY, 'upstream-secret-key', 'Bearer']) expect(exported).not.toContain(secret);
  });

  it('starts a new trace when the caller sends none', async () => {
    expect((await chat(KEY, {}, { 'x-request-id': 'obs-trace-2' })).status).toBe(200);
    const span = await waitFor(async () => otlp.spans.find((s: ReceivedSpan) => s.attributes['sluice.request_id'] === 'obs-trace-2'), { what: 'span', timeoutMs: 10_000 });
    expect(span.parentSpanId).toBe('');
  });
});
