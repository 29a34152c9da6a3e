export { createDataSource, MIGRATIONS_TABLE, type CreateDataSourceOptions } from './data-source';
export * from './entities';
export { MIGRATIONS } from './migrations';
export { SnakeNamingStrategy } from './naming/snake-naming.strategy';
export { getConfigVersion, bumpConfigVersion } from './config-version/config-version';
export {
  ensureRequestLogPartitions,
  requestLogPartitionFor,
  startOfUtcDay,
  type DailyPartition,
} from './partitions/request-log-partitions';
export {
  createAesGcmCredentialCipher,
  keyIdOf,
  type CredentialCipher,
  type SealedCredential,
} from './crypto/credential-cipher';
export { credentialCipherFromEnv, DEV_KEK, kekEnvSchema, kekEnvShape, type KekEnv } from './crypto/kek-env';
export { loadConfigSnapshot, type LoadConfigSnapshotOptions } from './snapshot/load-config-snapshot';
export { readGovernancePolicies, type StoredGovernance } from './snapshot/governance-policies';
export {
  seedDemo,
  mockProviderBaseUrls,
  DEMO_ORG,
  DEMO_TEAM_NAME,
  DEMO_KEY_NAME,
  DEFAULT_ADMIN_EMAIL,
  type SeedDemoOptions,
  type SeedDemoResult,
} from './seed/seed-demo';
export { loadModelCatalog, modelCatalogSchema, DEFAULT_MODEL_CATALOG_PATH, type ModelCatalog, type CatalogModel } from './seed/model-catalog';
export { seedEnvSchema, migrateEnvSchema, type SeedEnv, type MigrateEnv } from './cli/cli-env';
export { isDatabaseUnavailable } from './connectivity/database-unavailable';
