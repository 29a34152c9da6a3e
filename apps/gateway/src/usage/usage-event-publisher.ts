import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, usageEventSchema, type UsageEvent, type UsageEventBatch } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';

export interface UsageEventPublisherOptions {
  batchSize: number;
  flushIntervalMs: number;
  queuePrefix: string;
  /** Events kept in memory while Redis refuses writes; beyond it the oldest are dropped and logged. */
  maxBuffered?: number;
}

/**
 * Collects usage events off the request path and enqueues them to BullMQ in batches.
 * The batch id is the job id, so a batch retried after a timeout is not enqueued twice.
 */
export class UsageEventPublisher {
  private readonly queue: Queue<UsageEventBatch>;
  private buffer: UsageEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly maxBuffered: number;

  constructor(connection: Redis, private readonly options: UsageEventPublisherOptions, private readonly logger: Logger) {
    this.queue = new Queue<UsageEventBatch>(QueueName.UsageEvents, { connection, prefix: options.queuePrefix });
    this.maxBuffered = options.maxBuffered ?? 100_000;
  }

  publish(event: UsageEvent): void {
    if (process.env.NODE_ENV !== 'production') usageEventSchema.parse(event);
    this.buffer.push(event);
    if (this.buffer.length >= this.options.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Sends everything buffered; concurrent callers share one in-flight flush. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing) return this.flushing;
    this.flushing = this.sendAll().finally(() => {
      this.flushing = null;
      if (this.buffer.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
    });
    return this.flushing;
  }

  private async sendAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const events = this.buffer.slice(0, this.options.batchSize);
      const batchId = randomUUID();
      try {
        await this.queue.add('usage-batch', { batchId, events }, { jobId: batchId, removeOnComplete: 1000, removeOnFail: false });
        this.buffer.splice(0, events.length);
      } catch (error) {
        this.trimOverflow();
        this.logger.warn({ err: error, pending: this.buffer.length }, 'usage events not enqueued; will retry');
        return;
      }
    }
  }

  private trimOverflow(): void {
    const overflow = this.buffer.length - this.maxBuffered;
    if (overflow > 0) {
      this.buffer.splice(0, overflow);
      this.logger.error({ dropped: overflow }, 'usage event buffer full; oldest events dropped');
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.queue.close();
  }
}
