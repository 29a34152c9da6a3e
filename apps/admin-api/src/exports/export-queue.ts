import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { exportJobSchema, QueueName, type ExportJob } from '@sluice/contracts';
import { bullmqPrefixOf } from '@sluice/redis';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { REDIS } from '../redis.token';

/** Producer side of the `exports` queue; the worker consumes it (apps/worker/src/exports). */
@Injectable()
export class ExportQueue implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(@Inject(REDIS) redis: Redis, @Inject(ADMIN_API_CONFIG) config: AdminApiConfig) {
    this.queue = new Queue(QueueName.Exports, { connection: redis, prefix: bullmqPrefixOf(config) });
    // An unhandled 'error' event would be thrown; failures reach callers as rejected adds.
    this.queue.on('error', () => undefined);
  }

  /** Job id = export id: enqueuing the same export twice runs it once. */
  async enqueue(job: ExportJob): Promise<void> {
    await this.queue.add(job.kind, exportJobSchema.parse(job), {
      jobId: job.exportId,
      attempts: 2,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
