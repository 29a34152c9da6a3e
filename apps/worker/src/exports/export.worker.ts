import { mkdir } from 'node:fs/promises';
import { Worker, type ConnectionOptions } from 'bullmq';
import { QueueName, type WorkerEnv } from '@sluice/contracts';
import { createDataSource } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { exportSigningKeyOf } from './export-signing-key';
import { createExportProcessor } from './export.processor';

export interface ExportWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Starts the `exports` consumer (audit exports and usage reports) with its own small connection pool. */
export async function startExportWorker(config: WorkerEnv, connection: ConnectionOptions, logger: Logger): Promise<ExportWorker> {
  await mkdir(config.EXPORTS_DIR, { recursive: true });
  // Per job: one connection streams (cursor), one records progress, one verifies the chain first.
  const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: config.EXPORT_CONCURRENCY * 2 + 1, applicationName: 'sluice-worker-exports' }).initialize();
  const processor = createExportProcessor({ dataSource, exportsDir: config.EXPORTS_DIR, signingKey: exportSigningKeyOf(config, logger), logger });
  const worker = new Worker(QueueName.Exports, processor, { connection, prefix: config.QUEUE_PREFIX, concurrency: config.EXPORT_CONCURRENCY });
  worker.on('failed', (job, error) => logger.error({ jobId: job?.id, err: error }, 'export job failed'));
  worker.on('error', (error) => logger.error({ err: error }, 'export worker error'));
  return {
    worker,
    close: async () => {
      await worker.close();
      await dataSource.destroy();
    },
  };
}
