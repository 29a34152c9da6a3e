import { Cluster, Redis } from 'ioredis';
import { adminApiEnvSchema, ConfigError, gatewayEnvSchema, parseEnv, workerEnvSchema } from '@sluice/contracts';
import { createRedisClient, isClusterClient } from './create-redis-client';
import { bullmqPrefixOf } from './queue-prefix';
import { describeRedisTopology, parseRedisNodes, redisTopologyOf } from './redis-topology';

const worker = (env: Record<string, string>) => parseEnv('worker', workerEnvSchema, { DATABASE_URL: 'postgres://x@h/db', ...env });

describe('Redis topology from the env', () => {
  it('is a single endpoint by default, rediss:// included', () => {
    expect(redisTopologyOf(worker({}))).toEqual({ mode: 'single', url: 'redis://127.0.0.1:6379' });
    expect(redisTopologyOf(worker({ REDIS_URL: 'rediss://u:p@cache.example:6380/2' }))).toEqual({ mode: 'single', url: 'rediss://u:p@cache.example:6380/2' });
  });

  it('is Sentinel with REDIS_SENTINELS (name, passwords and TLS for the data nodes)', () => {
    const env = worker({
      REDIS_SENTINELS: 's1:26379, s2:26380',
      REDIS_SENTINEL_NAME: 'primary',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      REDIS_PASSWORD: 'data-secret',
      REDIS_TLS: 'true',
    });
    expect(redisTopologyOf(env)).toEqual({
      mode: 'sentinel',
      sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }],
      name: 'primary',
      sentinelPassword: 'sentinel-secret',
      password: 'data-secret',
      tls: true,
    });
    expect(redisTopologyOf(worker({ REDIS_SENTINELS: 's1:26379' }))).toMatchObject({ name: 'mymaster', tls: false });
  });

  it('is Cluster with REDIS_CLUSTER_NODES; REDIS_URL is then ignored', () => {
    const env = worker({ REDIS_URL: 'redis://ignored:6379', REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000', REDIS_USERNAME: 'app' });
    expect(redisTopologyOf(env)).toEqual({ mode: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7000 }], username: 'app', tls: false });
  });

  it('refuses Cluster and Sentinel together, and malformed node lists', () => {
    expect(() => redisTopologyOf(worker({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2' }))).toThrow(ConfigError);
    for (const bad of ['a', 'a:', 'a:b', 'a:1;b:2', 'a:1,,']) {
      expect(() => worker({ REDIS_CLUSTER_NODES: bad })).toThrow(/REDIS_CLUSTER_NODES/);
    }
    expect(() => parseRedisNodes('a:70000')).toThrow(ConfigError);
  });

  it('is known to every app schema that talks to Redis', () => {
    for (const schema of [gatewayEnvSchema, adminApiEnvSchema, workerEnvSchema]) {
      for (const name of ['REDIS_SENTINELS', 'REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_CLUSTER_NODES', 'REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS']) {
        expect(Object.keys(schema.shape)).toContain(name);
      }
    }
  });

  it('describes itself for logs without passwords', () => {
    expect(describeRedisTopology({ mode: 'single', url: 'redis://u:secret@h:6379/1' })).toBe('single redis://h:6379');
    const sentinel = redisTopologyOf(worker({ REDIS_SENTINELS: 's1:26379', REDIS_PASSWORD: 'secret' }));
    expect(describeRedisTopology(sentinel)).toBe('sentinel mymaster@s1:26379');
    expect(describeRedisTopology(redisTopologyOf(worker({ REDIS_CLUSTER_NODES: 'n1:7000', REDIS_TLS: 'true' })))).toBe('cluster n1:7000 (TLS)');
  });
});

describe('BullMQ prefix', () => {
  it('is wrapped in a hash tag on a Cluster only', () => {
    expect(bullmqPrefixOf({ QUEUE_PREFIX: 'sluice' })).toBe('sluice');
    expect(bullmqPrefixOf({ QUEUE_PREFIX: 'sluice', REDIS_CLUSTER_NODES: 'n1:7000' })).toBe('{sluice}');
  });
});

describe('createRedisClient (no connection is made: lazyConnect)', () => {
  const clients: Redis[] = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));
  const build = (...args: Parameters<typeof createRedisClient>) => {
    const client = createRedisClient(args[0], { lazyConnect: true, ...args[1] });
    clients.push(client);
    return client;
  };

  it('keeps the per-client options on a single node', () => {
    const client = build({ mode: 'single', url: 'rediss://u:p@h:6380/3' }, { commandTimeout: 500, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    expect(client).toBeInstanceOf(Redis);
    expect(isClusterClient(client)).toBe(false);
    expect(client.options).toMatchObject({ host: 'h', port: 6380, db: 3, username: 'u', password: 'p', commandTimeout: 500, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    expect(client.options.tls).toBeDefined();
  });

  it('asks the sentinels for the primary', () => {
    const client = build(
      { mode: 'sentinel', sentinels: [{ host: 's1', port: 26379 }], name: 'primary', sentinelPassword: 'sp', password: 'dp', tls: false },
      { maxRetriesPerRequest: null },
    );
    expect(client.options).toMatchObject({ sentinels: [{ host: 's1', port: 26379 }], name: 'primary', sentinelPassword: 'sp', password: 'dp', maxRetriesPerRequest: null });
  });

  it('builds a Cluster whose nodes get the per-client options and credentials', () => {
    const client = build({ mode: 'cluster', nodes: [{ host: 'n1', port: 7000 }], password: 'dp', tls: true }, { commandTimeout: 500, enableOfflineQueue: false });
    expect(isClusterClient(client)).toBe(true);
    const cluster = client as unknown as Cluster;
    expect(cluster.options.enableOfflineQueue).toBe(false);
    expect(cluster.options.redisOptions).toMatchObject({ commandTimeout: 500, password: 'dp', tls: {} });
  });
});
