import { DelayedError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import { usageEventBatchSchema } from '@sluice/contracts';
import { isDatabaseUnavailable } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import type { DeadLetterQueue } from './dead-letter-queue';
import { outageRetryDelayMs } from './database-outage';
import type { UsageIngestMethod } from './ingest-batches';
import type { KeyLastUsedRecorder } from './key-last-used';
import { storableEvent } from './storable-event';
import { UsageIngestCoalescer } from './usage-ingest-coalescer';

/** Default upper bound of events one ingestion transaction writes (several batches together). */
export const DEFAULT_MAX_EVENTS_PER_TRANSACTION = 5000;
/** Default number of ingestion transactions a worker writes at the same time. */
export const DEFAULT_INGEST_WRITERS = 2;

export interface UsageBatchResult {
  received: number;
  inserted: number;
  deadLettered?: 'malformed' | 'exhausted';
}

export interface UsageBatchProcessorOptions {
  deadLetters: DeadLetterQueue;
  /** Deliveries of a batch (first one included) before it is dead-lettered. */
  attempts: number;
  /** First retry delay; doubles on each further retry. */
  backoffMs: number;
  /** Batches of concurrent jobs are written together, up to this many events per transaction. */
  maxEventsPerTransaction?: number;
  /** Ingestion transactions written at the same time (see UsageIngestCoalescer). */
  writers?: number;
  /** COPY (default) or INSERT (USAGE_INGEST_METHOD). */
  ingestMethod?: UsageIngestMethod;
  /** Told about every ingested batch, to keep the keys' last use current. */
  lastUsed?: KeyLastUsedRecorder;
}

/**
 * Writes one batch of usage events to request_logs and usage_rollups atomically (together with the
 * batches of other jobs running at the same time: see UsageIngestCoalescer). A malformed batch goes straight to
 * the dead-letter queue with the schema error; a batch that fails to be written is retried with
 * exponential backoff (the worker owns the policy, whatever the producer set) and dead-lettered
 * with the last error once its attempts are used up. Nothing is dropped silently.
 */
export function createUsageBatchProcessor(pool: Pool, logger: Logger, options: UsageBatchProcessorOptions) {
  const coalescer = new UsageIngestCoalescer(pool, {
    maxEventsPerTransaction: options.maxEventsPerTransaction ?? DEFAULT_MAX_EVENTS_PER_TRANSACTION,
    writers: options.writers ?? DEFAULT_INGEST_WRITERS,
    method: options.ingestMethod,
  });
  return async (job: Job<unknown>, token?: string): Promise<UsageBatchResult> => {
    const parsed = usageEventBatchSchema.safeParse(job.data);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      await options.deadLetters.send(job, 'malformed', `malformed usage batch: ${reason}`);
      logger.warn({ jobId: job.id, reason }, 'malformed usage batch dead-lettered');
      return { received: 0, inserted: 0, deadLettered: 'malformed' };
    }
    const { batchId } = parsed.data;
    const events = parsed.data.events.map(storableEvent);
    let inserted: number;
    try {
      inserted = await coalescer.ingest(events);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isDatabaseUnavailable(error)) {
        // Postgres is away, the batch is fine: hold it (never dead-lettered) and try again soon (see database-outage.ts).
        const wait = outageRetryDelayMs(options.backoffMs, job.attemptsStarted);
        logger.warn({ jobId: job.id, batchId, attempt: job.attemptsStarted, delay: wait, err: error }, 'Postgres unreachable; usage batch held for a retry');
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      if (job.attemptsStarted >= options.attempts) {
        await options.deadLetters.send(job, 'exhausted', `usage batch failed ${job.attemptsStarted} times; last error: ${message}`);
        logger.error({ jobId: job.id, batchId, err: error }, 'usage batch out of attempts, dead-lettered');
        return { received: events.length, inserted: 0, deadLettered: 'exhausted' };
      }
      const delay = options.backoffMs * 2 ** Math.max(0, job.attemptsStarted - 1);
      logger.warn({ jobId: job.id, batchId, attempt: job.attemptsStarted, delay, err: error }, 'usage batch failed; retrying');
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    options.lastUsed?.note(events);
    logger.debug({ batchId, received: events.length, inserted }, 'usage batch ingested');
    return { received: events.length, inserted };
  };
}
