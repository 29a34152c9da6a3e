import { cacheStatusSchema, usageStatusSchema } from '@sluice/contracts';
import { z } from 'zod';
import { pageSchema } from '../../api/me-schema';

export const requestLogSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  occurredAt: z.string(),
  teamId: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  userId: z.string().nullable(),
  endpoint: z.string(),
  model: z.string(),
  provider: z.string().nullable(),
  deploymentId: z.string().nullable(),
  status: z.string(),
  httpStatus: z.number(),
  errorCode: z.string().nullable(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  cachedTokens: z.number(),
  costUsd: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  stream: z.boolean(),
  cacheStatus: z.string(),
  metadata: z.record(z.string(), z.string()),
  teamName: z.string().nullable(),
  apiKeyLabel: z.string().nullable(),
  userEmail: z.string().nullable(),
});
export type RequestLog = z.output<typeof requestLogSchema>;
export const requestLogPageSchema = pageSchema(requestLogSchema);

export const USAGE_STATUSES = usageStatusSchema.options;
export const CACHE_STATUSES = cacheStatusSchema.options;
export const REQUEST_LOG_FILTER_KEYS = ['model', 'provider', 'status', 'cacheStatus', 'requestId', 'minLatencyMs'] as const;
