import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import OpenAI from 'openai';
import { createTestRedisPrefix, startMockProvider, type MockProviderProcess, type TestRedisNamespace } from '@sluice/testing';
import { loadGatewayConfig } from '../config/gateway-config';
import { createGatewayApp } from '../main';

/** A gateway in standalone mode (in this process) with its own Redis namespace, spool and the mock provider. */
export interface StandaloneGateway {
  app: NestFastifyApplication;
  url: string;
  mock: MockProviderProcess;
  redis: TestRedisNamespace;
  dir: string;
  client(key: string): OpenAI;
  close(): Promise<void>;
}

/**
 * Starts the mock provider, then a gateway whose standalone config is `config(mockUrl)`.
 * `env` adds or overrides gateway environment variables (e.g. DATABASE_URL for the semantic cache).
 */
export async function startStandaloneGateway(config: (mockUrl: string) => string, env: Record<string, string> = {}): Promise<StandaloneGateway> {
  const [mock, redis] = await Promise.all([startMockProvider(), createTestRedisPrefix()]);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-gateway-'));
  const file = join(dir, 'sluice.yaml');
  writeFileSync(file, config(mock.url));
  const app = await createGatewayApp(
    loadGatewayConfig({ SLUICE_CONFIG: file, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', USAGE_SPOOL_DIR: join(dir, 'spool'), USAGE_FLUSH_INTERVAL_MS: '20', ...env }, []),
  );
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url,
    mock,
    redis,
    dir,
    client: (key) => new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 }),
    async close() {
      await app.close();
      await mock.stop();
      await redis.flush();
    },
  };
}
