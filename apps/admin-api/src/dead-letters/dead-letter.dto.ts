import { z } from 'zod';
import { ALERTS_DEAD_QUEUE, EXPORTS_DEAD_QUEUE, SEMANTIC_CACHE_WRITES_DEAD_QUEUE, USAGE_EVENTS_DEAD_QUEUE } from '@sluice/contracts';

/** The dead-letter queues the worker fills (apps/worker/README.md). */
export const DEAD_LETTER_QUEUES = [USAGE_EVENTS_DEAD_QUEUE, SEMANTIC_CACHE_WRITES_DEAD_QUEUE, EXPORTS_DEAD_QUEUE, ALERTS_DEAD_QUEUE] as const;
export type DeadLetterQueueName = (typeof DEAD_LETTER_QUEUES)[number];

export const listDeadLettersQuerySchema = z.strictObject({
  queue: z.enum(DEAD_LETTER_QUEUES).optional().describe('Only this dead-letter queue; default all of them.'),
  kind: z.enum(['malformed', 'exhausted']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().min(0).optional().describe('Offset returned as nextCursor by the previous page.'),
});
export type ListDeadLettersQuery = z.output<typeof listDeadLettersQuerySchema>;

export const deadLetterParamsSchema = z.object({ id: z.string().min(1).max(300).describe('`<dead-letter queue>:<job id>` as listed.') });
export const emptyBodySchema = z.strictObject({});

export const deadLetterViewSchema = z.object({
  id: z.string(),
  deadLetterQueue: z.enum(DEAD_LETTER_QUEUES),
  queue: z.string().describe('The queue the job came from.'),
  jobId: z.string().nullable(),
  jobName: z.string(),
  kind: z.enum(['malformed', 'exhausted']),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
  payloadSummary: z
    .object({
      events: z.number().int().nullable().describe('Usage events in the batch; null for other jobs.'),
      requestIds: z.array(z.string()).describe('Up to 10 request ids; never prompts, responses or keys.'),
      model: z.string().nullable(),
    })
    .describe('What the job was about, without its content.'),
});
export type DeadLetterView = z.output<typeof deadLetterViewSchema>;

export const retryResultSchema = z.object({ id: z.string(), requeuedAs: z.string().describe('Job id of the new job in the original queue.'), queue: z.string() });
export type RetryResult = z.output<typeof retryResultSchema>;
