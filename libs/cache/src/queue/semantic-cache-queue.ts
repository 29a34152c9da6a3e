import { Queue, type ConnectionOptions } from 'bullmq';
import {
  QueueName,
  SemanticCacheJob,
  semanticCachePurgeJobSchema,
  semanticCacheWriteJobSchema,
  type SemanticCachePurgeJob,
  type SemanticCacheWriteJob,
} from '@sluice/contracts';

/** Job retention and retries of semantic-cache jobs. */
const JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 };

/**
 * The producer side of `semantic-cache-writes`: the gateway queues writes after a cache miss was
 * answered, the admin API queues purges on key revocation or policy change.
 */
export class SemanticCacheQueue {
  private readonly queue: Queue;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.queue = new Queue(QueueName.SemanticCacheWrites, { connection, prefix, defaultJobOptions: JOB_OPTIONS });
    // Without a listener an 'error' event (e.g. a Redis command timeout) is thrown and can crash the
    // process; failures already reach callers as rejected adds.
    this.queue.on('error', () => undefined);
  }

  /** Validates and queues a write; the job id is `entryId`, so enqueueing the same write twice indexes it once. */
  async enqueueWrite(job: SemanticCacheWriteJob): Promise<void> {
    const data = semanticCacheWriteJobSchema.parse(job);
    await this.queue.add(SemanticCacheJob.Write, data, { jobId: data.entryId });
  }

  async enqueuePurge(scope: SemanticCachePurgeJob): Promise<void> {
    await this.queue.add(SemanticCacheJob.PurgeScope, semanticCachePurgeJobSchema.parse(scope));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
