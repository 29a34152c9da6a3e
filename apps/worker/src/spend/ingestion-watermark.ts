import { Queue, type ConnectionOptions } from 'bullmq';
import { QueueName } from '@sluice/contracts';

/**
 * How far usage ingestion has got: the newest instant before which every usage event has been
 * ingested, as far as the queue can tell. A gateway enqueues an event at most `graceMs` after the
 * request ended (its flush interval plus one enqueue timeout), so every event of a request that ended
 * before T is in a usage-events job added before T + graceMs; once no such job is still waiting,
 * delayed (a retry) or active (its transaction not yet committed), all of them are in request_logs.
 *
 * Not covered, and documented: events a gateway spooled to disk while Redis was unreachable for it
 * (replayed later), and batches that were dead-lettered (never ingested; reconciliation then treats
 * their cost as not spent).
 */
export class IngestionWatermark {
  private readonly queue: Queue;

  constructor(connection: ConnectionOptions, prefix: string, private readonly graceMs: number) {
    this.queue = new Queue(QueueName.UsageEvents, { connection, prefix });
    this.queue.on('error', () => undefined);
  }

  /** True once every usage event of requests that ended before `at` has been ingested. */
  async hasPassed(at: Date, now = new Date()): Promise<boolean> {
    const cutoff = at.getTime() + this.graceMs;
    if (now.getTime() < cutoff) return false;
    // The wait list is FIFO: its oldest job decides. The other states are small (a retry, a batch in progress).
    const [oldestWaiting] = await this.queue.getJobs(['wait'], 0, 0, true);
    if (oldestWaiting && oldestWaiting.timestamp <= cutoff) return false;
    const pending = await this.queue.getJobs(['active', 'delayed', 'prioritized', 'waiting-children']);
    return pending.every((job) => !job || job.timestamp > cutoff);
  }

  /** Polls `hasPassed` until it is true (→ true) or `timeoutMs` elapses (→ false). */
  async waitUntilPassed(at: Date, timeoutMs: number, pollMs = 250): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.hasPassed(at)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
