import { ConfigError, type MockProviderEnv } from '@sluice/contracts';
import { createLogger } from '@sluice/observability';
import { loadMockProviderConfig } from './config';
import { buildMockProvider } from './server';

export { buildMockProvider, type MockProviderOptions } from './server';

export async function startMockProvider(config: MockProviderEnv): Promise<() => Promise<void>> {
  const logger = createLogger('mock-provider', config.LOG_LEVEL);
  const app = buildMockProvider({ logger, defaultLatencyMs: config.MOCK_DEFAULT_LATENCY_MS });
  const address = await app.listen({ port: config.MOCK_PROVIDER_PORT, host: config.HOST });
  logger.info({ address }, 'mock provider listening');
  return async () => {
    await app.close();
    logger.info('mock provider stopped');
  };
}

async function main(): Promise<void> {
  let config: MockProviderEnv;
  try {
    config = loadMockProviderConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const stop = await startMockProvider(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stop().then(() => process.exit(0)));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('mock provider failed to start:', error);
    process.exit(1);
  });
}
