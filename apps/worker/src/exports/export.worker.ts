import { mkdir } from 'node:fs/promises';
import { Worker, type ConnectionOptions } from 'bullmq';
import { EXPORTS_DEAD_QUEUE, QueueName, type WorkerEnv } from '@sluice/contracts';
import { createDataSource } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import type { WorkerOnlyEnv } from '../config/worker-config';
import { queuePolicies, withRetryPolicy } from '../queues/queue-policy';
import { DeadLetterQueue, isFinalFailure } from '../usage/dead-letter-queue';
import { exportSigningKeyOf } from './export-signing-key';
import { createExportProcessor } from './export.processor';

export interface ExportWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Starts the `exports` consumer (audit exports and usage reports) with its own small connection pool. */
export async function startExportWorker(config: WorkerEnv & Partial<WorkerOnlyEnv>, connection: ConnectionOptions, logger: Logger): Promise<ExportWorker> {
  await mkdir(config.EXPORTS_DIR, { recursive: true });
  // Per job: one connection streams and verifies (cursor), one records progress and the outcome.
  const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: config.EXPORT_CONCURRENCY * 2 + 1, applicationName: 'sluice-worker-exports' }).initialize();
  const policy = queuePolicies(config).exports;
  const processor = withRetryPolicy(policy, createExportProcessor({ dataSource, exportsDir: config.EXPORTS_DIR, signingKey: exportSigningKeyOf(config, logger), logger, attempts: policy.attempts }));
  const worker = new Worker(QueueName.Exports, processor, { connection, prefix: config.QUEUE_PREFIX, concurrency: policy.concurrency });
  const deadLetters = new DeadLetterQueue(connection, config.QUEUE_PREFIX, EXPORTS_DEAD_QUEUE);
  worker.on('failed', (job, error) => {
    logger.error({ jobId: job?.id, err: error }, 'export job failed');
    if (job && isFinalFailure(job, error)) {
      deadLetters
        .send(job, /^malformed export job/.test(error.message) ? 'malformed' : 'exhausted', error.message)
        .catch((dlqError: unknown) => logger.error({ jobId: job.id, err: dlqError }, 'could not dead-letter export job; it stays in the failed set'));
    }
  });
  worker.on('error', (error) => logger.error({ err: error }, 'export worker error'));
  return {
    worker,
    close: async () => {
      await worker.close();
      await deadLetters.close();
      await dataSource.destroy();
    },
  };
}
