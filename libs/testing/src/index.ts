export {
  createTestDatabase,
  DEFAULT_TEST_DATABASE_ADMIN_URL,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from './postgres/test-database';
export { templateDatabaseName } from './postgres/migrated-template';
export { databaseUrlFor } from './postgres/admin-client';
export { tamperAsSuperuser } from './postgres/tamper-as-superuser';
export { createTestRedisPrefix, DEFAULT_TEST_REDIS_URL, type TestRedisNamespace } from './redis/test-redis';
export { freePort } from './processes/free-port';
export { spawnService, type SpawnedService, type SpawnServiceOptions } from './processes/spawned-service';
export { startMockProvider, type MockProviderProcess } from './processes/mock-provider-process';
export { findUsageEvent } from './processes/usage-events';
export { waitFor, type WaitForOptions } from './processes/wait-for';
export { sendRaw, type RawRequest, type RawResponse } from './hostile/raw-http';
export { HOSTILE_STRINGS, WRONG_TYPES, MALFORMED_BODIES, deeplyNested, fieldPaths, withField } from './hostile/hostile-values';
export { RedisServerProcess } from './processes/redis-server-process';
export { RedisClusterProcesses, RedisSentinelProcesses } from './processes/redis-topology-processes';
export { startTcpFaultProxy, type TcpFaultProxy } from './faults/tcp-proxy';
export { startConstantLoad, type ConstantLoad, type LoadSample } from './faults/constant-load';
export { makeCanary, needlesFor, type Needle } from './canary/canary-needles';
export { scanSinks, totalChars, type SinkText, type SinkFinding, type AllowedOccurrence } from './canary/sink-scan';
export { dumpPostgres } from './canary/postgres-sink';
export { dumpRedis } from './canary/redis-sink';
export { RedisCommandRecorder } from './canary/redis-command-recorder';
export { settledUsageRows, type UsageRowCount } from './faults/usage-rows';
