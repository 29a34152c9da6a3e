import { Queue, type ConnectionOptions, type Job } from 'bullmq';
import { USAGE_EVENTS_DEAD_QUEUE, type DeadLetterJob } from '@sluice/contracts';

/**
 * Parks jobs that cannot be ingested in a dead-letter queue with the reason and the original
 * payload. Nothing consumes it: the jobs wait there to be inspected and replayed by an operator.
 * The DLQ job id is derived from the original one, so dead-lettering the same job twice keeps one entry.
 */
export class DeadLetterQueue {
  private readonly queue: Queue<DeadLetterJob>;

  constructor(connection: ConnectionOptions, prefix: string, readonly name: string = USAGE_EVENTS_DEAD_QUEUE) {
    this.queue = new Queue<DeadLetterJob>(name, { connection, prefix });
    // An unhandled 'error' event would be thrown; failures reach callers as rejected adds.
    this.queue.on('error', () => undefined);
  }

  async send(job: Job<unknown>, kind: DeadLetterJob['kind'], reason: string): Promise<void> {
    const entry: DeadLetterJob = {
      queue: job.queueName,
      jobId: job.id ?? null,
      jobName: job.name,
      reason,
      kind,
      attempts: job.attemptsStarted,
      failedAt: new Date().toISOString(),
      payload: job.data,
    };
    await this.queue.add(kind, entry, {
      ...(job.id ? { jobId: `dead-${job.id}` } : {}),
      removeOnComplete: false,
      removeOnFail: false,
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** True when BullMQ will not try the job again: it was unrecoverable, or used up its attempts. */
export function isFinalFailure(job: Job<unknown>, error: Error): boolean {
  return error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}
