import { join } from 'node:path';
import { freePort } from './free-port';
import { spawnService, type SpawnedService } from './spawned-service';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');

export interface MockProviderProcess extends SpawnedService {
  /** OpenAI-style base URL (`…/v1`). */
  openAiBaseUrl: string;
  /** Replaces the fault config (see apps/mock-provider/README.md). */
  configure(config: unknown): Promise<void>;
  reset(): Promise<void>;
  stats(): Promise<{ totalRequests: number; models: Record<string, { requests: number; injectedErrors: number; clientDisconnects: number }> }>;
}

/** Starts the built mock provider (the only fake in our tests: it stands in for LLM vendors) on a free port. */
export async function startMockProvider(): Promise<MockProviderProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await spawnService({
    name: 'mock-provider',
    entry: join(WORKSPACE_ROOT, 'apps', 'mock-provider', 'dist', 'main.js'),
    env: { ...process.env, MOCK_PROVIDER_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    url,
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  return {
    ...service,
    openAiBaseUrl: `${url}/v1`,
    configure: async (config) => void (await call('POST', '/_mock/config', config)),
    reset: async () => void (await call('POST', '/_mock/reset')),
    stats: async () => (await call('GET', '/_mock/stats')) as Awaited<ReturnType<MockProviderProcess['stats']>>,
  };
}
