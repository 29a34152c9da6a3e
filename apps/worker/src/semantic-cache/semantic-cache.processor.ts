import { UnrecoverableError, type Job } from 'bullmq';
import type { z } from 'zod';
import {
  SemanticCacheJob,
  semanticCacheExpireJobSchema,
  semanticCachePurgeJobSchema,
  semanticCacheWriteJobSchema,
} from '@sluice/contracts';
import { EmbeddingError, type Embedder, type SemanticCache } from '@sluice/cache';
import type { Logger } from '@sluice/observability';

export type SemanticCacheJobResult = { inserted: boolean } | { deleted: number };

function parse<T extends z.ZodType>(schema: T, job: Job<unknown>): z.output<T> {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnrecoverableError(`malformed ${job.name} job: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * `semantic-cache-writes` jobs: `write` embeds the prompt and inserts the entry (idempotent on
 * entryId), `purge-scope` deletes a scope, `expire` sweeps expired rows. Malformed payloads and
 * non-retryable embedding failures fail without retry; the rest retry with the queue's backoff.
 */
export function createSemanticCacheProcessor(cache: SemanticCache, embedder: Embedder, logger: Logger) {
  return async (job: Job<unknown>): Promise<SemanticCacheJobResult> => {
    switch (job.name) {
      case SemanticCacheJob.Write: {
        const data = parse(semanticCacheWriteJobSchema, job);
        let embedding: number[];
        try {
          [embedding] = await embedder.embed([data.prompt]);
        } catch (error) {
          if (error instanceof EmbeddingError && !error.retryable) throw new UnrecoverableError(error.message);
          throw error;
        }
        const inserted = await cache.insert({
          id: data.entryId,
          orgId: data.orgId,
          teamId: data.teamId,
          model: data.model,
          scopeHash: data.scopeHash,
          embedding,
          response: data.response,
          promptChars: data.prompt.length,
          ttlSeconds: data.ttlSeconds,
          maxEntriesPerScope: data.maxEntriesPerScope,
        });
        logger.debug({ entryId: data.entryId, requestId: data.requestId, inserted }, 'semantic cache entry indexed');
        return { inserted };
      }
      case SemanticCacheJob.PurgeScope: {
        const deleted = await cache.purgeScope(parse(semanticCachePurgeJobSchema, job));
        logger.info({ deleted }, 'semantic cache scope purged');
        return { deleted };
      }
      case SemanticCacheJob.Expire: {
        const deleted = await cache.deleteExpired(parse(semanticCacheExpireJobSchema, job).batchSize);
        if (deleted > 0) logger.debug({ deleted }, 'expired semantic cache entries deleted');
        return { deleted };
      }
      default:
        throw new UnrecoverableError(`unknown semantic-cache job '${job.name}'`);
    }
  };
}
