import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import OpenAI from 'openai';
import { createTestRedisPrefix, findUsageEvent, startMockProvider, type MockProviderProcess, type TestRedisNamespace } from '@sluice/testing';
import { loadGatewayConfig } from './config/gateway-config';
import { createGatewayApp } from './main';

const LOCAL_KEY = 'sk-sluice-localonly00123456789abcdefghijklmn';
const OFFICE_KEY = 'sk-sluice-officeonly0123456789abcdefghijklmn';

describe('key policies: IP allow-lists, tags and deployment prices (real Redis, mock provider)', () => {
  let mock: MockProviderProcess;
  let redis: TestRedisNamespace;
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    [mock, redis] = await Promise.all([startMockProvider(), createTestRedisPrefix()]);
    const dir = mkdtempSync(join(tmpdir(), 'sluice-key-policies-'));
    const file = join(dir, 'sluice.yaml');
    writeFileSync(
      file,
      `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mock.url}/v1, api_key: k }
models:
  - name: negotiated
    prices: { input_per_1m: 10, output_per_1m: 30 }
    deployments: [{ provider: mock, model: negotiated, prices: { input_per_1m: 1, output_per_1m: 2 } }]
keys:
  - { name: local, key: ${LOCAL_KEY}, ip_allow_list: [127.0.0.0/8, "::1"], metadata: { cost_center: cc-42, app: billing } }
  - { name: office, key: ${OFFICE_KEY}, ip_allow_list: [10.0.0.0/8] }
`,
    );
    app = await createGatewayApp(loadGatewayConfig({ SLUICE_CONFIG: file, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', USAGE_SPOOL_DIR: join(dir, 'spool'), USAGE_FLUSH_INTERVAL_MS: '20' }, []));
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await mock?.stop();
    await redis?.flush();
  });

  const client = (key: string) => new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: key, maxRetries: 0 });

  it('refuses a key outside its allowed networks with 403, and serves it inside them', async () => {
    await expect(client(OFFICE_KEY).chat.completions.create({ model: 'negotiated', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 403,
      error: { type: 'permission_error', code: 'ip_not_allowed' },
    });
    const ok = await client(LOCAL_KEY).chat.completions.create({ model: 'negotiated', messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.choices[0].message.content).toContain('Mock reply');
  });

  it('prices the call at the deployment override and copies the key tags onto its usage event', async () => {
    const { data, response } = await client(LOCAL_KEY).chat.completions.create({ model: 'negotiated', messages: [{ role: 'user', content: 'price me' }] }).withResponse();
    const event = await findUsageEvent(redis.url, redis.prefix, response.headers.get('x-request-id') ?? '');
    const usage = data.usage!;
    expect(event.costUsd).toBeCloseTo((usage.prompt_tokens * 1 + usage.completion_tokens * 2) / 1e6, 12);
    expect(event.metadata).toEqual({ cost_center: 'cc-42', app: 'billing' });
    expect(event.promptTokens).toBe(usage.prompt_tokens);
  });
});
