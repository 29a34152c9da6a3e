export { createRedisClient, isClusterClient, type RedisClientOptions } from './create-redis-client';
export { bullmqPrefixOf } from './queue-prefix';
export { subscribeWhenReady } from './subscribe-when-ready';
export { waitUntilReady } from './wait-until-ready';
export {
  describeRedisTopology,
  hasRedisTopologyNodes,
  parseRedisNodes,
  redisTopologyOf,
  type RedisEnv,
  type RedisNode,
  type RedisNodeAuth,
  type RedisTopology,
} from './redis-topology';
