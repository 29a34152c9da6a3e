#!/usr/bin/env node
import { parseEnv } from '@sluice/contracts';
import { createDataSource } from '../data-source';
import { credentialCipherFromEnv } from '../crypto/kek-env';
import { loadModelCatalog } from '../seed/model-catalog';
import { seedDemo } from '../seed/seed-demo';
import { seedEnvSchema } from './cli-env';

/** Seeds the demo and prints exactly one JSON line (the SeedDemoResult) on stdout for scripts to parse. */
async function main(): Promise<void> {
  const env = parseEnv('seed', seedEnvSchema);
  const dataSource = await createDataSource({ url: env.DATABASE_URL, poolSize: 1, applicationName: 'sluice-seed' }).initialize();
  try {
    const result = await seedDemo(dataSource, {
      keyPepper: env.SLUICE_KEY_PEPPER,
      credentialCipher: credentialCipherFromEnv(env),
      adminEmail: env.SLUICE_ADMIN_EMAIL,
      adminPassword: env.SLUICE_ADMIN_PASSWORD,
      demoApiKey: env.SLUICE_DEMO_API_KEY,
      mockProviderUrl: env.MOCK_PROVIDER_URL,
      catalog: loadModelCatalog(env.SLUICE_MODEL_CATALOG),
    });
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
