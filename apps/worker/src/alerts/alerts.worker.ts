import { Worker, type ConnectionOptions } from 'bullmq';
import { QueueName } from '@sluice/contracts';
import { createDataSource, credentialCipherFromEnv } from '@sluice/db';
import { createEgressGuard, createGuardedAgent, egressPolicyFromEnv } from '@sluice/egress';
import type { Logger } from '@sluice/observability';
import type { WorkerConfig } from '../config/worker-config';
import { createAlertDeliveryProcessor } from './alert-delivery.processor';
import { startKeyExpiryAlerts } from './key-expiry-alerts';

export interface AlertsWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Starts the `alerts` consumer (delivers alert events to the organizations' webhooks) and the expiring-key check. */
export async function startAlertsWorker(config: WorkerConfig, connection: ConnectionOptions, logger: Logger): Promise<AlertsWorker> {
  const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: config.ALERT_CONCURRENCY + 1, applicationName: 'sluice-worker-alerts' }).initialize();
  const dispatcher = createGuardedAgent(createEgressGuard(egressPolicyFromEnv(config)));
  const processor = createAlertDeliveryProcessor({
    dataSource,
    cipher: credentialCipherFromEnv(config),
    dispatcher,
    logger,
    attempts: config.ALERT_DELIVERY_ATTEMPTS,
    backoffMs: config.ALERT_DELIVERY_BACKOFF_MS,
    timeoutMs: config.ALERT_DELIVERY_TIMEOUT_MS,
  });
  // Delivery retries happen inside the job (per webhook); a whole job is retried only when Postgres failed.
  const worker = new Worker(QueueName.Alerts, processor, { connection, prefix: config.QUEUE_PREFIX, concurrency: config.ALERT_CONCURRENCY });
  worker.on('failed', (job, error) => logger.error({ jobId: job?.id, err: error }, 'alert job failed'));
  worker.on('error', (error) => logger.error({ err: error }, 'alerts worker error'));
  const keyExpiry = startKeyExpiryAlerts(dataSource, connection, config.QUEUE_PREFIX, config.KEY_EXPIRY_CHECK_INTERVAL_MS, logger);
  return {
    worker,
    close: async () => {
      await keyExpiry.stop();
      await worker.close();
      await dispatcher.close();
      await dataSource.destroy();
    },
  };
}
