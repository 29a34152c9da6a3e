import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisNodeAuth, RedisTopology } from './redis-topology';

/** Per-client behaviour the call sites choose (fail-fast limits client, BullMQ's `maxRetriesPerRequest: null`, …). */
export type RedisClientOptions = Pick<RedisOptions, 'maxRetriesPerRequest' | 'enableOfflineQueue' | 'commandTimeout' | 'connectTimeout' | 'lazyConnect' | 'connectionName' | 'enableAutoPipelining'>;

function nodeAuth(auth: RedisNodeAuth): RedisOptions {
  return {
    ...(auth.username ? { username: auth.username } : {}),
    ...(auth.password ? { password: auth.password } : {}),
    ...(auth.tls ? { tls: {} } : {}),
  };
}

/**
 * One ioredis client for the configured topology: `new Redis(url)` for a single endpoint, a
 * Sentinel-aware `Redis` (it asks the sentinels for the current primary and follows failovers), or
 * a `Cluster`.
 *
 * The apps program against ioredis's command interface (commands, MULTI, pipelines, defineCommand
 * scripts, pub/sub, duplicate, quit/disconnect, status), which `Cluster` implements as well; it is
 * returned under the `Redis` type so the call sites need no change. What differs on a Cluster is
 * handled by the callers: keys of one MULTI/script share a hash tag, and BullMQ prefixes are
 * hash-tagged (`bullmqPrefixOf`). The topology tests run every Redis user against a real Cluster.
 */
export function createRedisClient(topology: RedisTopology, options: RedisClientOptions = {}): Redis {
  switch (topology.mode) {
    case 'single':
      return new Redis(topology.url, options);
    case 'sentinel':
      return new Redis({
        ...options,
        ...nodeAuth(topology),
        sentinels: topology.sentinels,
        name: topology.name,
        ...(topology.sentinelUsername ? { sentinelUsername: topology.sentinelUsername } : {}),
        ...(topology.sentinelPassword ? { sentinelPassword: topology.sentinelPassword } : {}),
        ...(topology.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      });
    case 'cluster': {
      const { enableOfflineQueue, lazyConnect, enableAutoPipelining, ...perNode } = options;
      const clusterOptions: ClusterOptions = {
        redisOptions: { ...perNode, ...nodeAuth(topology) },
        ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
        ...(lazyConnect === undefined ? {} : { lazyConnect }),
        ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
        // Managed clusters behind TLS announce IPs that do not match their certificates' names.
        ...(topology.tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
      };
      return new Cluster(topology.nodes, clusterOptions) as unknown as Redis;
    }
  }
}

/** True for a client `createRedisClient` built for a Cluster. */
export function isClusterClient(client: Redis): boolean {
  return (client as unknown) instanceof Cluster;
}
