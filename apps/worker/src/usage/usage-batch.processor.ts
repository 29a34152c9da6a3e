import { DelayedError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import { usageEventBatchSchema } from '@sluice/contracts';
import { isDatabaseUnavailable } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import type { DeadLetterQueue } from './dead-letter-queue';
import { outageRetryDelayMs } from './database-outage';
import { RollupAccumulator } from '../rollups/usage-rollups';
import { insertRequestLogs } from './request-log-writer';

/** Postgres allows 65,535 bind parameters per statement; 23 columns × 2,000 rows stays under it. */
const ROWS_PER_STATEMENT = 2000;

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
}

/**
 * Writes one batch of usage events to request_logs and usage_rollups atomically. A malformed batch goes straight to
 * the dead-letter queue with the schema error; a batch that fails to be written is retried with
 * exponential backoff (the worker owns the policy, whatever the producer set) and dead-lettered
 * with the last error once its attempts are used up. Nothing is dropped silently.
 */
export function createUsageBatchProcessor(pool: Pool, logger: Logger, options: UsageBatchProcessorOptions) {
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
    const { events, batchId } = parsed.data;
    let inserted: number;
    try {
      inserted = await ingest(pool, events);
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
    logger.debug({ batchId, received: events.length, inserted }, 'usage batch ingested');
    return { received: events.length, inserted };
  };
}

async function ingest(pool: Pool, events: Parameters<typeof insertRequestLogs>[1]): Promise<number> {
  const client = await pool.connect();
  let inserted = 0;
  try {
    await client.query('BEGIN');
    // Rollups count only the rows this transaction inserted, and commit with them: a redelivered
    // batch inserts nothing and adds nothing.
    const rollups = new RollupAccumulator();
    for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
      const rows = await insertRequestLogs(client, events.slice(i, i + ROWS_PER_STATEMENT));
      inserted += rows.length;
      for (const row of rows) rollups.add(row);
    }
    await rollups.upsert(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return inserted;
}
