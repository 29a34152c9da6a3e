import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Pool } from 'pg';
import { usageEventBatchSchema } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { insertRequestLogs } from './request-log-writer';

/** Postgres allows 65,535 bind parameters per statement; 23 columns × 2,000 rows stays under it. */
const ROWS_PER_STATEMENT = 2000;

export interface UsageBatchResult {
  received: number;
  inserted: number;
}

/** Writes one batch of usage events to request_logs atomically; malformed batches fail without retry. */
export function createUsageBatchProcessor(pool: Pool, logger: Logger) {
  return async (job: Job<unknown>): Promise<UsageBatchResult> => {
    const parsed = usageEventBatchSchema.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UnrecoverableError(`malformed usage batch: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const { events, batchId } = parsed.data;
    const client = await pool.connect();
    let inserted = 0;
    try {
      await client.query('BEGIN');
      for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
        inserted += await insertRequestLogs(client, events.slice(i, i + ROWS_PER_STATEMENT));
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    logger.debug({ batchId, received: events.length, inserted }, 'usage batch ingested');
    return { received: events.length, inserted };
  };
}
