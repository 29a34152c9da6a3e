import { mockProviderEnvSchema, parseEnv, type MockProviderEnv } from '@sluice/contracts';

/** The mock provider's environment (MOCK_PROVIDER_PORT, HOST, MOCK_DEFAULT_LATENCY_MS, LOG_LEVEL); throws ConfigError. */
export function loadMockProviderConfig(env: NodeJS.ProcessEnv = process.env): MockProviderEnv {
  return parseEnv('mock-provider', mockProviderEnvSchema, env);
}
