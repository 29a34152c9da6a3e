import { resolve } from 'node:path';
import type { GatewayEnv } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { RedisTopology } from '@sluice/redis';
import { UsageBatchQueue } from './usage-batch-queue';
import { UsageEventPublisher } from './usage-event-publisher';
import { UsageSpool } from './usage-spool';

type UsageConfig = Pick<GatewayEnv, 'QUEUE_PREFIX' | 'USAGE_BATCH_SIZE' | 'USAGE_FLUSH_INTERVAL_MS' | 'USAGE_SPOOL_DIR' | 'USAGE_SPOOL_MAX_BYTES' | 'USAGE_ENQUEUE_TIMEOUT_MS'> & {
  /** Where the usage queue lives; QUEUE_PREFIX is the BullMQ prefix (hash-tagged on a Cluster). */
  redis: RedisTopology;
};

/** Opens (and locks) the spool, connects the usage queue and starts replaying; fails when another process holds the spool. */
export async function createUsageEventPublisher(config: UsageConfig, logger: Logger): Promise<UsageEventPublisher> {
  const spool = await UsageSpool.open(resolve(config.USAGE_SPOOL_DIR), { maxBytes: config.USAGE_SPOOL_MAX_BYTES, logger });
  const queue = new UsageBatchQueue({ redis: config.redis, queuePrefix: config.QUEUE_PREFIX, timeoutMs: config.USAGE_ENQUEUE_TIMEOUT_MS }, logger);
  const publisher = new UsageEventPublisher(queue, spool, { batchSize: config.USAGE_BATCH_SIZE, flushIntervalMs: config.USAGE_FLUSH_INTERVAL_MS }, logger);
  publisher.start();
  return publisher;
}
