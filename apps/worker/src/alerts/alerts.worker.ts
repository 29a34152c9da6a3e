import { Worker, type ConnectionOptions } from 'bullmq';
import { ALERTS_DEAD_QUEUE, QueueName } from '@sluice/contracts';
import { createDataSource, credentialCipherFromEnv } from '@sluice/db';
import { createEgressGuard, createGuardedAgent, egressPolicyFromEnv } from '@sluice/egress';
import type { Logger } from '@sluice/observability';
import type { WorkerConfig } from '../config/worker-config';
import { queuePolicies, withRetryPolicy } from '../queues/queue-policy';
import { DeadLetterQueue, isFinalFailure } from '../usage/dead-letter-queue';
import { createAlertDeliveryProcessor } from './alert-delivery.processor';
import { raiseKeyExpiryAlerts } from './key-expiry-alerts';
import { startPeriodicAlertCheck } from './periodic-alert-check';
import { raiseSpikeAlerts } from './spike-alerts';

export interface AlertsWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Starts the `alerts` consumer (delivers alert events to the organizations' webhooks) the expiring-key and spike checks. */
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
  // Delivery retries happen inside the job (per webhook); a whole job is retried (ALERT_ATTEMPTS) only when Postgres failed.
  const policy = queuePolicies(config).alerts;
  const worker = new Worker(QueueName.Alerts, withRetryPolicy(policy, processor), { connection, prefix: config.QUEUE_PREFIX, concurrency: policy.concurrency });
  const deadLetters = new DeadLetterQueue(connection, config.QUEUE_PREFIX, ALERTS_DEAD_QUEUE);
  worker.on('failed', (job, error) => {
    logger.error({ jobId: job?.id, err: error }, 'alert job failed');
    if (job && isFinalFailure(job, error)) {
      deadLetters
        .send(job, /^invalid alert event/.test(error.message) ? 'malformed' : 'exhausted', error.message)
        .catch((dlqError: unknown) => logger.error({ jobId: job.id, err: dlqError }, 'could not dead-letter alert job; it stays in the failed set'));
    }
  });
  worker.on('error', (error) => logger.error({ err: error }, 'alerts worker error'));
  const checkOptions = { connection, prefix: config.QUEUE_PREFIX, logger };
  const keyExpiry = startPeriodicAlertCheck('key_expiring', (queue) => raiseKeyExpiryAlerts(dataSource, queue), { ...checkOptions, intervalMs: config.KEY_EXPIRY_CHECK_INTERVAL_MS });
  const spikes = startPeriodicAlertCheck(
    'spikes',
    async (queue) =>
      (
        await raiseSpikeAlerts(dataSource, queue, {
          windowMinutes: config.SPIKE_ALERT_WINDOW_MINUTES,
          minRequests: config.SPIKE_ALERT_MIN_REQUESTS,
          errorRateThreshold: config.ERROR_RATE_ALERT_THRESHOLD,
          latencyP95Ms: config.LATENCY_P95_ALERT_MS,
        })
      ).length,
    { ...checkOptions, intervalMs: config.SPIKE_ALERT_INTERVAL_MS },
  );
  return {
    worker,
    close: async () => {
      await keyExpiry.stop();
      await spikes.stop();
      await worker.close();
      await deadLetters.close();
      await dispatcher.close();
      await dataSource.destroy();
    },
  };
}
