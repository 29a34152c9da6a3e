import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { configChangedChannel } from '@sluice/contracts';
import { bumpConfigVersion, createDataSource, credentialCipherFromEnv, DEV_KEK } from '@sluice/db';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, createTestRedisPrefix, waitFor, type TestDatabase, type TestRedisNamespace } from '@sluice/testing';
import { PostgresSnapshotSource } from './postgres-snapshot-source';
import { SnapshotRefresher } from './snapshot-refresher';
import { SnapshotStore } from './snapshot-store';

describe('SnapshotRefresher start-up subscription (real Postgres and Redis)', () => {
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let dataSource: DataSource;
  let publisher: Redis;

  beforeAll(async () => {
    [database, redis] = await Promise.all([createTestDatabase(), createTestRedisPrefix()]);
    dataSource = await createDataSource({ url: database.url }).initialize();
    publisher = new Redis(redis.url);
  });

  afterAll(async () => {
    publisher?.disconnect();
    await dataSource?.destroy();
    await redis?.flush();
    await database?.drop();
  });

  // The CI failure behind this test: a gateway started while its subscriber connection was between
  // 'connect' and 'ready' served from then on without ever hearing of a change (until the slow poll).
  it("hears published changes when it starts while its Redis connection is between 'connect' and 'ready'", async () => {
    const logger = createLogger('gateway', 'silent');
    const source = new PostgresSnapshotSource(database.url, credentialCipherFromEnv({ SLUICE_KEK: DEV_KEK, SLUICE_KEK_PREVIOUS: [] }), logger);
    const store = new SnapshotStore();
    const subscriber = new Redis(redis.url, { maxRetriesPerRequest: null });
    // The slow poll (60 s) cannot be what delivers the change within this test.
    const refresher = new SnapshotRefresher(source, store, subscriber, redis.prefix, 60_000, logger, 5000);
    try {
      const started = await new Promise<Promise<void>>((resolve) => subscriber.once('connect', () => resolve(refresher.start())));
      await started;
      const before = store.current.version;

      const version = await dataSource.transaction((manager) => bumpConfigVersion(manager));
      await publisher.publish(configChangedChannel(redis.prefix), JSON.stringify({ version }));

      expect(version).toBeGreaterThan(before);
      await waitFor(async () => store.current.version === version, { timeoutMs: 10_000, intervalMs: 10, what: `snapshot version ${version}` });
    } finally {
      await refresher.stop();
      subscriber.disconnect();
    }
  });
});
