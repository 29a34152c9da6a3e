import { Worker } from 'bullmq';
import { Pool } from 'pg';
import { ConfigError, QueueName, type WorkerEnv } from '@sluice/contracts';
import { createDataSource } from '@sluice/db';
import { createLogger } from '@sluice/observability';
import { bullmqPrefixOf, createRedisClient, redisTopologyOf } from '@sluice/redis';
import { loadWorkerConfig, withWorkerDefaults, type WorkerConfig } from './config/worker-config';
import { buildHealthServer } from './health/health-server';
import { workerObservability } from './metrics/worker-observability';
import { createUsageBatchProcessor, DEFAULT_INGEST_WRITERS } from './usage/usage-batch.processor';
import { DeadLetterQueue, isFinalFailure } from './usage/dead-letter-queue';
import { KeyLastUsedRecorder } from './usage/key-last-used';
import { startSemanticCacheIndexer } from './semantic-cache/semantic-cache.worker';
import { startPartitionMaintainer } from './partitions/partition-maintainer';
import { startExportWorker } from './exports/export.worker';
import { startAlertsWorker } from './alerts/alerts.worker';
import { SPEND_RECONCILIATION_QUEUE, startSpendReconciliation } from './spend/spend-reconciliation.worker';
import { startRetention } from './retention/retention.worker';
import { closeWithin, InFlightJobs } from './queues/in-flight-jobs';

export async function startWorker(baseConfig: WorkerEnv & Partial<WorkerConfig>) {
  // From here on QUEUE_PREFIX is the BullMQ prefix: the hash-tagged `{prefix}` on a Redis Cluster (see bullmqPrefixOf).
  // Keys the worker shares with the gateway outside BullMQ (budget counters) use baseConfig.QUEUE_PREFIX.
  const config = { ...withWorkerDefaults(baseConfig), QUEUE_PREFIX: bullmqPrefixOf(baseConfig) };
  const logger = createLogger('worker', config.LOG_LEVEL);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: DEFAULT_INGEST_WRITERS + config.SEMANTIC_CACHE_CONCURRENCY + 3, application_name: 'sluice-worker' });
  // A connection that drops (Postgres restarted or unreachable) emits 'error': on the pool while its client is idle,
  // on the client itself while it is checked out (mid-transaction). Without listeners either would crash the worker;
  // the query in flight rejects on its own, and the pool discards the broken client when it is released.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle Postgres connection lost'));
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'Postgres connection lost')));
  const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: 1, applicationName: 'sluice-worker-maintenance' }).initialize();
  const partitions = await startPartitionMaintainer(dataSource, logger, {
    daysAhead: config.REQUEST_LOG_PARTITION_DAYS_AHEAD,
    intervalMs: config.PARTITION_MAINTENANCE_INTERVAL_MS,
  });
  const connection = createRedisClient(redisTopologyOf(config), { maxRetriesPerRequest: null });
  const deadLetters = new DeadLetterQueue(connection, config.QUEUE_PREFIX);
  const lastUsed = new KeyLastUsedRecorder(pool, logger);
  const processor = createUsageBatchProcessor(pool, logger, {
    deadLetters,
    lastUsed,
    attempts: config.USAGE_ATTEMPTS,
    backoffMs: config.USAGE_BACKOFF_MS,
    ingestMethod: config.USAGE_INGEST_METHOD,
  });
  const usageWorker = new Worker(QueueName.UsageEvents, processor, {
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.USAGE_CONCURRENCY,
    lockDuration: config.USAGE_LOCK_DURATION_MS,
    stalledInterval: config.USAGE_STALLED_INTERVAL_MS,
  });
  // The processor dead-letters what it cannot ingest; a job still failing here (e.g. stalled too often,
  // or the dead-letter write itself failed) is dead-lettered now so it is not left only in the failed set.
  usageWorker.on('failed', (job, error) => {
    logger.error({ jobId: job?.id, err: error }, 'usage batch failed');
    if (job && isFinalFailure(job, error)) {
      deadLetters
        .send(job, 'exhausted', `usage batch failed: ${error.message}`)
        .catch((dlqError: unknown) => logger.error({ jobId: job.id, err: dlqError }, 'could not dead-letter usage batch; it stays in the failed set'));
    }
  });
  usageWorker.on('error', (error) => logger.error({ err: error }, 'usage worker error'));
  const semanticCache = await startSemanticCacheIndexer(config, pool, connection, logger);
  const exportsWorker = await startExportWorker(config, connection, logger);
  const alertsWorker = await startAlertsWorker(config, connection, logger);

  const observability = workerObservability(connection, config.QUEUE_PREFIX, [usageWorker, exportsWorker.worker, alertsWorker.worker, ...(semanticCache ? [semanticCache.worker] : [])]);
  const spend = await startSpendReconciliation(config, { connection, pool, dataSource, logger, registry: observability.metrics.registry, budgetKeyPrefix: baseConfig.QUEUE_PREFIX });
  observability.observe(spend.worker);
  const retention = startRetention(config, { pool, dataSource, connection, logger });
  const health = buildHealthServer({
    postgres: async () => (await pool.query('SELECT 1')).rowCount === 1,
    redis: async () => (await connection.ping()) === 'PONG',
    usageWorker: async () => usageWorker.isRunning(),
    exportsWorker: async () => exportsWorker.worker.isRunning(),
    alertsWorker: async () => alertsWorker.worker.isRunning(),
    spendReconciliationWorker: async () => spend.worker.isRunning(),
    ...(semanticCache ? { semanticCacheWorker: async () => semanticCache.worker.isRunning() } : {}),
  });
  observability.metrics.serveOn(health);
  await health.listen({ port: config.WORKER_HEALTH_PORT, host: '0.0.0.0' });
  logger.info({ port: config.WORKER_HEALTH_PORT, queues: [QueueName.UsageEvents, QueueName.Exports, QueueName.Alerts, SPEND_RECONCILIATION_QUEUE, ...(semanticCache ? [QueueName.SemanticCacheWrites] : [])] }, 'worker started');

  const inFlight = new InFlightJobs();
  for (const worker of [usageWorker, exportsWorker.worker, alertsWorker.worker, spend.worker, ...(semanticCache ? [semanticCache.worker] : [])]) inFlight.track(worker);

  return async function stop(): Promise<void> {
    partitions.stop();
    // Every consumer stops taking jobs at once; the active ones get WORKER_SHUTDOWN_TIMEOUT_MS to finish.
    const { inTime, returned } = await closeWithin(
      config.WORKER_SHUTDOWN_TIMEOUT_MS,
      async () => {
        await Promise.all([retention.stop(), usageWorker.close(), semanticCache?.close(), exportsWorker.close(), alertsWorker.close(), spend.close()]);
      },
      inFlight,
    );
    if (!inTime) {
      // Returned jobs are taken by another worker right away; what this process had half-written rolls back when it exits.
      logger.error({ returned }, 'shutdown timed out; in-flight jobs returned to their queues');
      process.exit(1);
    }
    await lastUsed.flush();
    await deadLetters.close();
    await health.close();
    await observability.close();
    await pool.end();
    await dataSource.destroy();
    connection.disconnect();
    logger.info('worker stopped');
  };
}

async function main(): Promise<void> {
  let config: WorkerConfig;
  try {
    config = loadWorkerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const stop = await startWorker(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stop().then(() => process.exit(0)));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('worker failed to start:', error);
    process.exit(1);
  });
}
