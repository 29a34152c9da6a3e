import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName, usageEventBatchSchema, type UsageEvent } from '@sluice/contracts';

/**
 * The usage event a gateway enqueued for `requestId` (read from BullMQ, waiting up to `timeoutMs`).
 * For suites that run a gateway without a worker.
 */
export async function findUsageEvent(redisUrl: string, queuePrefix: string, requestId: string, timeoutMs = 3000): Promise<UsageEvent> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.UsageEvents, { connection, prefix: queuePrefix });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const job of await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])) {
        const event = usageEventBatchSchema.parse(job.data).events.find((e) => e.requestId === requestId);
        if (event) return event;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no usage event for request ${requestId} within ${timeoutMs} ms`);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
