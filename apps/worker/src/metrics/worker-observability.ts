import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startTracing, tracingConfigFromEnv } from '@sluice/observability';
import { ALERTS_DEAD_QUEUE, EXPORTS_DEAD_QUEUE, QueueName, SEMANTIC_CACHE_WRITES_DEAD_QUEUE, USAGE_EVENTS_DEAD_QUEUE } from '@sluice/contracts';
import { SPEND_RECONCILIATION_QUEUE } from '../spend/spend-reconciliation.worker';
import { traceJobs } from './job-tracing';
import { WorkerMetrics } from './worker-metrics';

/** Every queue whose depth and lag are reported, dead-letter queues included (whether or not this process consumes them). */
export const OBSERVED_QUEUES = [...Object.values(QueueName), USAGE_EVENTS_DEAD_QUEUE, SEMANTIC_CACHE_WRITES_DEAD_QUEUE, EXPORTS_DEAD_QUEUE, ALERTS_DEAD_QUEUE, SPEND_RECONCILIATION_QUEUE];

/**
 * The worker's one observability hook: metrics for every observed queue and every running worker,
 * and (when OTEL_* configures it) a span per job that continues the gateway's trace.
 */
export function workerObservability(connection: Redis, queuePrefix: string, workers: Worker[]) {
  const tracing = startTracing(tracingConfigFromEnv('sluice-worker'));
  const metrics = new WorkerMetrics(connection, queuePrefix, OBSERVED_QUEUES);
  const observe = (worker: Worker) => {
    metrics.observe(worker);
    traceJobs(worker);
  };
  workers.forEach(observe);
  return {
    metrics,
    /** Adds a worker started after this hook (its jobs are counted and traced too). */
    observe,
    async close(): Promise<void> {
      await metrics.close();
      await tracing.shutdown();
    },
  };
}
