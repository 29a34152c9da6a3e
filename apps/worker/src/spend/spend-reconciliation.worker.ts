import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Logger } from '@sluice/observability';
import type { WorkerConfig } from '../config/worker-config';
import { IngestionWatermark } from './ingestion-watermark';
import { SpendReconciler, type ReconciliationReport } from './spend-reconciler';
import { spendReconciliationMetrics } from './spend-reconciliation-metrics';

/** The queue of scheduled reconciliation runs (worker-internal: only the worker's job scheduler adds to it). */
export const SPEND_RECONCILIATION_QUEUE = 'spend-reconciliation';
const SCHEDULER_ID = 'spend-reconciliation-every';

export interface SpendReconciliationWorker {
  worker: Worker;
  reconciler: SpendReconciler;
  close(): Promise<void>;
}

/**
 * Schedules spend reconciliation every SPEND_RECONCILIATION_INTERVAL_MS with a BullMQ job scheduler
 * (upserted by every worker process: one schedule, whichever process takes each run) and consumes it
 * one run at a time.
 */
export async function startSpendReconciliation(
  config: WorkerConfig,
  deps: { connection: Redis; pool: Pool; dataSource: DataSource; logger: Logger; registry?: Registry; budgetKeyPrefix?: string },
): Promise<SpendReconciliationWorker> {
  const watermark = new IngestionWatermark(deps.connection, config.QUEUE_PREFIX, config.SPEND_RECONCILIATION_INGESTION_GRACE_MS);
  const reconciler = new SpendReconciler(
    { dataSource: deps.dataSource, pool: deps.pool, redis: deps.connection, watermark, logger: deps.logger, metrics: deps.registry ? spendReconciliationMetrics(deps.registry) : undefined },
    {
      // BullMQ may use a hash-tagged QUEUE_PREFIX (Redis Cluster); the gateway's budget keys use it as configured.
      prefix: deps.budgetKeyPrefix ?? config.QUEUE_PREFIX,
      clockSkewMs: config.SPEND_RECONCILIATION_CLOCK_SKEW_MS,
      watermarkTimeoutMs: config.SPEND_RECONCILIATION_WATERMARK_TIMEOUT_MS,
      previousPeriodWithinMs: config.SPEND_RECONCILIATION_PREVIOUS_PERIOD_MS,
    },
  );
  const queue = new Queue(SPEND_RECONCILIATION_QUEUE, { connection: deps.connection, prefix: config.QUEUE_PREFIX });
  queue.on('error', (error: Error) => deps.logger.warn({ err: error }, 'spend reconciliation queue error'));
  await queue.upsertJobScheduler(SCHEDULER_ID, { every: config.SPEND_RECONCILIATION_INTERVAL_MS }, { name: 'reconcile', opts: { removeOnComplete: 100, removeOnFail: 100 } });
  const worker = new Worker<unknown, ReconciliationReport>(SPEND_RECONCILIATION_QUEUE, async (job) => reconciler.run(String(job.id)), {
    connection: deps.connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: 1,
  });
  worker.on('failed', (job, error) => deps.logger.error({ jobId: job?.id, err: error }, 'spend reconciliation run failed; the next scheduled run retries'));
  worker.on('error', (error) => deps.logger.error({ err: error }, 'spend reconciliation worker error'));
  return {
    worker,
    reconciler,
    close: async () => {
      await worker.close();
      await queue.close();
      await watermark.close();
    },
  };
}
