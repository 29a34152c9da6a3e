import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type UsageEventBatch } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { createRedisClient, waitUntilReady, type RedisTopology } from '@sluice/redis';

/** Raised at once, without a round trip, while the usage connection to Redis is not ready. */
export class UsageQueueUnavailableError extends Error {
  override name = 'UsageQueueUnavailableError';
}

export interface UsageBatchQueueOptions {
  redis: RedisTopology;
  /** The BullMQ prefix (see bullmqPrefixOf). */
  queuePrefix: string;
  /** Longest wait for one enqueue (command timeout, and a cap on BullMQ's own connection wait). */
  timeoutMs: number;
}

/**
 * Enqueues usage batches to BullMQ on a dedicated Redis connection that fails fast: no offline
 * queue, no per-command retries, a command timeout, and no attempt at all while the connection is
 * not ready. The batch id is the job id: BullMQ ignores a second add of a job that still exists,
 * and the worker's insert is idempotent per event id after that.
 */
export class UsageBatchQueue {
  private readonly connection: Redis;
  private readonly queue: Queue<UsageEventBatch>;

  constructor(private readonly options: UsageBatchQueueOptions, logger: Logger) {
    this.connection = createRedisClient(options.redis, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: options.timeoutMs });
    this.connection.on('error', (error: Error) => logger.debug({ err: error }, 'usage Redis connection error'));
    this.queue = new Queue<UsageEventBatch>(QueueName.UsageEvents, { connection: this.connection, prefix: options.queuePrefix });
    this.queue.on('error', (error: Error) => logger.debug({ err: error }, 'usage queue error'));
  }

  /** True while the connection is up; an enqueue may still fail (timeout), but is worth trying. */
  get available(): boolean {
    return this.connection.status === 'ready';
  }

  /** Resolves true once the connection is ready, false after `timeoutMs` (used at start-up). */
  connected(timeoutMs: number): Promise<boolean> {
    return waitUntilReady(this.connection, timeoutMs);
  }

  async enqueue(batch: UsageEventBatch): Promise<void> {
    if (!this.available) throw new UsageQueueUnavailableError(`Redis connection is ${this.connection.status}`);
    const add = this.queue.add('usage-batch', batch, { jobId: batch.batchId, removeOnComplete: 1000, removeOnFail: false });
    await withTimeout(add, this.options.timeoutMs, `usage batch ${batch.batchId} not acknowledged by Redis within ${this.options.timeoutMs} ms`);
  }

  async close(): Promise<void> {
    await withTimeout(this.queue.close(), this.options.timeoutMs, 'usage queue close timed out').catch(() => undefined);
    this.connection.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UsageQueueUnavailableError(message)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
