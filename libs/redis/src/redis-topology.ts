import { ConfigError, type RedisTopologyEnv } from '@sluice/contracts';

export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS for the data nodes of a Sentinel or Cluster deployment (a single node takes them from its URL). */
export interface RedisNodeAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

/** Where Redis is: one endpoint (URL), a Sentinel-monitored primary, or a Cluster. */
export type RedisTopology =
  | { mode: 'single'; url: string }
  | ({ mode: 'sentinel'; sentinels: RedisNode[]; name: string; sentinelUsername?: string; sentinelPassword?: string } & RedisNodeAuth)
  | ({ mode: 'cluster'; nodes: RedisNode[] } & RedisNodeAuth);

export type RedisEnv = Partial<RedisTopologyEnv> & { REDIS_URL?: string };

/** `host:port,host:port` → nodes (the last `:` separates the port, so bracket-less IPv6 is not supported). */
export function parseRedisNodes(list: string): RedisNode[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.lastIndexOf(':');
      const port = Number(entry.slice(colon + 1));
      if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`invalid Redis node "${entry}" (expected host:port)`);
      return { host: entry.slice(0, colon), port };
    });
}

/**
 * The topology the env describes: REDIS_CLUSTER_NODES → Cluster, REDIS_SENTINELS → Sentinel
 * (primary REDIS_SENTINEL_NAME), else REDIS_URL (a standalone Redis or a managed service's primary
 * endpoint; `rediss://` for TLS). Setting both Cluster and Sentinel nodes is a configuration error.
 */
export function redisTopologyOf(env: RedisEnv, fallbackUrl = 'redis://127.0.0.1:6379'): RedisTopology {
  if (env.REDIS_CLUSTER_NODES && env.REDIS_SENTINELS) {
    throw new ConfigError('Invalid Redis configuration: set REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both');
  }
  const auth: RedisNodeAuth = {
    ...(env.REDIS_USERNAME ? { username: env.REDIS_USERNAME } : {}),
    ...(env.REDIS_PASSWORD ? { password: env.REDIS_PASSWORD } : {}),
    tls: env.REDIS_TLS ?? false,
  };
  if (env.REDIS_CLUSTER_NODES) return { mode: 'cluster', nodes: parseRedisNodes(env.REDIS_CLUSTER_NODES), ...auth };
  if (env.REDIS_SENTINELS) {
    return {
      mode: 'sentinel',
      sentinels: parseRedisNodes(env.REDIS_SENTINELS),
      name: env.REDIS_SENTINEL_NAME ?? 'mymaster',
      ...(env.REDIS_SENTINEL_USERNAME ? { sentinelUsername: env.REDIS_SENTINEL_USERNAME } : {}),
      ...(env.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: env.REDIS_SENTINEL_PASSWORD } : {}),
      ...auth,
    };
  }
  return { mode: 'single', url: env.REDIS_URL ?? fallbackUrl };
}

/** True when the env names Sentinel or Cluster nodes (REDIS_URL is then not used). */
export function hasRedisTopologyNodes(env: RedisEnv): boolean {
  return Boolean(env.REDIS_CLUSTER_NODES || env.REDIS_SENTINELS);
}

/** For logs: the mode and the addresses, never a password. */
export function describeRedisTopology(topology: RedisTopology): string {
  if (topology.mode === 'single') {
    const url = new URL(topology.url);
    return `single ${url.protocol}//${url.host}`;
  }
  const nodes = (topology.mode === 'cluster' ? topology.nodes : topology.sentinels).map((n) => `${n.host}:${n.port}`).join(',');
  return topology.mode === 'cluster' ? `cluster ${nodes}${topology.tls ? ' (TLS)' : ''}` : `sentinel ${topology.name}@${nodes}${topology.tls ? ' (TLS)' : ''}`;
}
