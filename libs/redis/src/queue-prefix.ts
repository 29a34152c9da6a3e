import type { RedisEnv } from './redis-topology';

/**
 * The BullMQ prefix for QUEUE_PREFIX. BullMQ's Lua scripts touch several keys of a queue at once,
 * so on a Cluster every key of a queue must hash to one slot: the prefix is wrapped in a hash tag
 * (`sluice` → `{sluice}`). On a single node or Sentinel the prefix is unchanged, so existing queues
 * keep their keys. Only BullMQ gets the tagged prefix: the apps' own keys keep `<prefix>:…` and carry
 * their own per-unit tags (e.g. `{orgId}` for limits and the exact cache), so they spread over the cluster.
 */
export function bullmqPrefixOf(config: Pick<RedisEnv, 'REDIS_CLUSTER_NODES'> & { QUEUE_PREFIX: string }): string {
  return config.REDIS_CLUSTER_NODES ? `{${config.QUEUE_PREFIX}}` : config.QUEUE_PREFIX;
}
