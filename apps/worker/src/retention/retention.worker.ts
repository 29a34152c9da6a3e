import { createPublicKey } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { loadSigningKey } from '@sluice/audit';
import { QueueName } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { WorkerConfig } from '../config/worker-config';
import { applyAuditRetention } from './audit-retention';
import { applyRequestLogRetention } from './request-log-retention';

export interface RetentionRunner {
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs request-log retention (and audit retention when AUDIT_RETENTION_DAYS is set) at start and
 * every RETENTION_INTERVAL_MS. Request-log retention is advisory-locked (one worker at a time); audit
 * retention reuses a pending or finished export for the same cutoff, so concurrent passes do not
 * export twice, and the purge function deletes only what an export covers.
 */
export function startRetention(config: WorkerConfig, deps: { pool: Pool; dataSource: DataSource; connection: ConnectionOptions; logger: Logger }): RetentionRunner {
  const { logger } = deps;
  const exportsQueue = new Queue(QueueName.Exports, { connection: deps.connection, prefix: config.QUEUE_PREFIX });
  exportsQueue.on('error', (error: Error) => logger.warn({ err: error }, 'exports queue error (audit retention)'));
  let publicKeyPem: string | null = null;
  if (config.AUDIT_RETENTION_DAYS > 0) {
    if (config.SLUICE_AUDIT_SIGNING_KEY) publicKeyPem = createPublicKey(loadSigningKey(config.SLUICE_AUDIT_SIGNING_KEY)).export({ type: 'spki', format: 'pem' }).toString();
    else logger.error('AUDIT_RETENTION_DAYS is set but SLUICE_AUDIT_SIGNING_KEY is not: audit retention is off (its exports must be verifiable)');
  }
  let running: Promise<void> | null = null;
  const pass = async () => {
    const now = new Date();
    const logs = await applyRequestLogRetention(deps.pool, now, { batchSize: config.RETENTION_DELETE_BATCH_SIZE });
    if (logs.droppedPartitions.length > 0 || logs.deletedRows > 0) logger.info(logs, 'request logs past retention removed');
    if (publicKeyPem) {
      await applyAuditRetention(
        { dataSource: deps.dataSource, exportsQueue, exportsDir: config.EXPORTS_DIR, publicKeyPem, logger },
        now,
        { days: config.AUDIT_RETENTION_DAYS, exportTimeoutMs: config.AUDIT_RETENTION_EXPORT_TIMEOUT_MS },
      );
    }
  };
  const runOnce = (): Promise<void> => {
    running ??= pass()
      .catch((error: unknown) => logger.error({ err: error }, 'retention pass failed; retried at the next interval'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  void runOnce();
  const timer = setInterval(() => void runOnce(), config.RETENTION_INTERVAL_MS);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running;
      await exportsQueue.close();
    },
  };
}
