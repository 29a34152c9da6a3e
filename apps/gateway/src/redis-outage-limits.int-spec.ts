import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freePort, startMockProvider, type MockProviderProcess } from '@sluice/testing';
import { loadGatewayConfig } from './config/gateway-config';
import { createGatewayApp } from './main';

const LIMITED_KEY = 'sk-sluice-outagelimited0123456789abcdefghijk';
const FREE_KEY = 'sk-sluice-outagefree00000123456789abcdefghijk';

function config(mockUrl: string, failMode: 'open' | 'closed'): string {
  return `
version: 1
organization: outage-${failMode}
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: outage-model
    deployments: [{ provider: mock, model: outage-model }]
keys:
  - { name: limited, key: ${LIMITED_KEY}, limits: { rpm: 10 } }
  - { name: free, key: ${FREE_KEY} }
governance: { failMode: ${failMode}, expectedInstances: 2 }
`;
}

/** Gateways whose REDIS_URL points at a port nothing listens on: the organization's fail mode decides. */
describe('limits while Redis is unreachable (fail open / fail closed)', () => {
  let mock: MockProviderProcess;
  const apps: Record<'open' | 'closed', { app: NestFastifyApplication; url: string } | null> = { open: null, closed: null };

  beforeAll(async () => {
    mock = await startMockProvider();
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    for (const mode of ['open', 'closed'] as const) {
      const dir = mkdtempSync(join(tmpdir(), `sluice-outage-${mode}-`));
      const file = join(dir, 'sluice.yaml');
      writeFileSync(file, config(mock.url, mode));
      const app = await createGatewayApp(
        loadGatewayConfig({ SLUICE_CONFIG: file, REDIS_URL: deadRedis, REDIS_STARTUP_WAIT_MS: '300', LOG_LEVEL: 'silent', USAGE_SPOOL_DIR: join(dir, 'spool'), SHUTDOWN_DRAIN_MS: '1000' }, []),
      );
      await app.listen(0, '127.0.0.1');
      apps[mode] = { app, url: await app.getUrl() };
    }
  }, 60_000);

  afterAll(async () => {
    for (const entry of Object.values(apps)) await entry?.app.close();
    await mock?.stop();
  });

  const chat = (mode: 'open' | 'closed', key: string, i: number) =>
    fetch(`${apps[mode]!.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'outage-model', messages: [{ role: 'user', content: `hello ${i}` }] }),
    });

  it('starts anyway once REDIS_STARTUP_WAIT_MS has passed, ready but degraded', async () => {
    for (const mode of ['open', 'closed'] as const) {
      const res = await fetch(`${apps[mode]!.url}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'degraded', checks: { snapshot: 'up', redis: 'down' } });
    }
  });

  it('fails open: keeps serving, each instance enforcing its share of the limit (limit ÷ expectedInstances)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await chat('open', LIMITED_KEY, i)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });

  it('fails closed: refuses requests that have limits with 503 and Retry-After, serves those that have none', async () => {
    const refused = await chat('closed', LIMITED_KEY, 0);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('governance_unavailable');
    expect((await chat('closed', FREE_KEY, 1)).status).toBe(200);
  });
});
