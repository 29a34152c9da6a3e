import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Pool } from 'pg';
import { QueueName, SEMANTIC_CACHE_WRITES_DEAD_QUEUE, SemanticCacheJob, type WorkerEnv } from '@sluice/contracts';
import { OpenAiCompatibleEmbedder, SemanticCache } from '@sluice/cache';
import type { Logger } from '@sluice/observability';
import { workerOnlyEnvDefaults, type WorkerOnlyEnv } from '../config/worker-config';
import { queuePolicies, withRetryPolicy } from '../queues/queue-policy';
import { DeadLetterQueue, isFinalFailure } from '../usage/dead-letter-queue';
import { createSemanticCacheProcessor } from './semantic-cache.processor';

const EXPIRY_SCHEDULER_ID = 'semantic-cache-expiry';

export interface SemanticCacheIndexer {
  worker: Worker;
  close(): Promise<void>;
}

/**
 * Starts the `semantic-cache-writes` consumer and the repeatable expiry sweep, or returns null
 * when the embeddings endpoint is not configured (URL, key and model are all needed).
 */
export async function startSemanticCacheIndexer(
  config: WorkerEnv & Partial<WorkerOnlyEnv>,
  pool: Pool,
  connection: ConnectionOptions,
  logger: Logger,
): Promise<SemanticCacheIndexer | null> {
  const { SEMANTIC_CACHE_EMBEDDINGS_URL: baseUrl, SEMANTIC_CACHE_EMBEDDINGS_KEY: apiKey, SEMANTIC_CACHE_EMBEDDING_MODEL: model } = config;
  if (!baseUrl || !apiKey || !model) {
    if (baseUrl || apiKey || model) logger.warn('semantic cache indexing disabled: set SEMANTIC_CACHE_EMBEDDINGS_URL, _KEY and SEMANTIC_CACHE_EMBEDDING_MODEL together');
    return null;
  }
  const embedder = new OpenAiCompatibleEmbedder({ baseUrl, apiKey, model });
  const policy = queuePolicies(config).semanticCache;
  const worker = new Worker(QueueName.SemanticCacheWrites, withRetryPolicy(policy, createSemanticCacheProcessor(new SemanticCache(pool), embedder, logger)), {
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: policy.concurrency,
  });
  const deadLetters = new DeadLetterQueue(connection, config.QUEUE_PREFIX, SEMANTIC_CACHE_WRITES_DEAD_QUEUE);
  worker.on('failed', (job, error) => {
    logger.error({ jobId: job?.id, job: job?.name, err: error }, 'semantic cache job failed');
    if (job && isFinalFailure(job, error)) {
      const kind = /^(malformed|unknown semantic-cache job)/.test(error.message) ? 'malformed' : 'exhausted';
      deadLetters
        .send(job, kind, error.message)
        .catch((dlqError: unknown) => logger.error({ jobId: job.id, err: dlqError }, 'could not dead-letter semantic cache job; it stays in the failed set'));
    }
  });
  worker.on('error', (error) => logger.error({ err: error }, 'semantic cache worker error'));

  const queue = new Queue(QueueName.SemanticCacheWrites, { connection, prefix: config.QUEUE_PREFIX });
  await queue.upsertJobScheduler(
    EXPIRY_SCHEDULER_ID,
    { every: config.SEMANTIC_CACHE_EXPIRY_INTERVAL_MS },
    { name: SemanticCacheJob.Expire, data: { batchSize: config.SEMANTIC_CACHE_EXPIRY_BATCH_SIZE ?? workerOnlyEnvDefaults().SEMANTIC_CACHE_EXPIRY_BATCH_SIZE }, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  await queue.close();
  return {
    worker,
    close: async () => {
      await worker.close();
      await deadLetters.close();
    },
  };
}
