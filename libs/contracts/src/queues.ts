import { z } from 'zod';
import { usageEventSchema } from './usage-event';
import { openAiChatCompletionSchema } from './wire/openai-chat.wire';

/** Every BullMQ queue in one place. */
export const QueueName = {
  UsageEvents: 'usage-events',
  SemanticCacheWrites: 'semantic-cache-writes',
  /** `alertEventSchema` jobs (job id = alert id), delivered to webhooks by the worker. */
  Alerts: 'alerts',
  /** `exportJobSchema` jobs (job id = export id): audit exports and usage reports written by the worker. */
  Exports: 'exports',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** A batch of usage events; `batchId` is the BullMQ job id so a replayed batch is not enqueued twice. */
export const usageEventBatchSchema = z.object({
  batchId: z.uuid(),
  events: z.array(usageEventSchema).min(1).max(5000),
});
export type UsageEventBatch = z.output<typeof usageEventBatchSchema>;

/** Redis pub/sub channel on which the admin API announces a new config version. */
export const configChangedChannel = (queuePrefix: string) => `${queuePrefix}:config-changed`;
export const configChangedMessageSchema = z.object({ version: z.number().int().nonnegative() });

/** Semantic-cache indexing (queue `QueueName.SemanticCacheWrites`, apps/worker/src/semantic-cache): three job names. */
export const SemanticCacheJob = {
  /** Embed a prompt and insert its response; the BullMQ job id is `entryId`, so a retried enqueue is not indexed twice. */
  Write: 'write',
  /** Delete a scope's entries (key revocation, policy change). */
  PurgeScope: 'purge-scope',
  /** Delete expired entries in batches (repeatable). */
  Expire: 'expire',
} as const;
export type SemanticCacheJobName = (typeof SemanticCacheJob)[keyof typeof SemanticCacheJob];

export const semanticCacheWriteJobSchema = z.object({
  entryId: z.uuid(),
  requestId: z.string().min(1).max(200),
  orgId: z.uuid(),
  teamId: z.uuid().nullable(),
  /** The model alias the client asked for (the scope), not the upstream deployment. */
  model: z.string().min(1).max(200),
  /** `scopeHashOf(request)` from @sluice/cache. */
  scopeHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
  /** `semanticPromptOf(request)` from @sluice/cache: the text that is embedded. */
  prompt: z.string().min(1).max(100_000),
  response: openAiChatCompletionSchema,
  ttlSeconds: z.number().int().positive().max(30 * 24 * 3600),
  maxEntriesPerScope: z.number().int().positive().optional(),
});
export type SemanticCacheWriteJob = z.output<typeof semanticCacheWriteJobSchema>;

/** `teamId` omitted: the whole organisation; `null`: only org-level (team-less) entries. */
export const semanticCachePurgeJobSchema = z.object({ orgId: z.uuid(), teamId: z.uuid().nullable().optional() });
export type SemanticCachePurgeJob = z.output<typeof semanticCachePurgeJobSchema>;

export const semanticCacheExpireJobSchema = z.object({ batchSize: z.number().int().positive().max(100_000).default(5000) });
export type SemanticCacheExpireJob = z.output<typeof semanticCacheExpireJobSchema>;

/** Dead-letter queue of usage batches: malformed (schema) or out of retries; nothing is dropped silently. */
export const USAGE_EVENTS_DEAD_QUEUE = 'usage-events-dead';
export const deadLetterJobSchema = z.object({
  /** The queue the job came from. */
  queue: z.string().min(1),
  jobId: z.string().nullable(),
  jobName: z.string(),
  reason: z.string(),
  kind: z.enum(['malformed', 'exhausted']),
  attempts: z.number().int().nonnegative(),
  failedAt: z.iso.datetime(),
  /** The original job data, unchanged. */
  payload: z.unknown(),
});
export type DeadLetterJob = z.output<typeof deadLetterJobSchema>;

/** Dead-letter queue of semantic-cache jobs that failed for good (malformed, or out of attempts). */
export const SEMANTIC_CACHE_WRITES_DEAD_QUEUE = 'semantic-cache-writes-dead';

/** Dead-letter queue of export jobs that failed for good (their export_jobs row is `failed` too). */
export const EXPORTS_DEAD_QUEUE = 'exports-dead';
/** Dead-letter queue of alert jobs that failed for good (webhook HTTP failures are recorded per delivery instead). */
export const ALERTS_DEAD_QUEUE = 'alerts-dead';
