import { z } from 'zod';

export const usageStatusSchema = z.enum(['success', 'error', 'cache_hit', 'blocked']);
export const cacheStatusSchema = z.enum(['hit', 'miss', 'semantic-hit', 'bypass']);
export const gatewayEndpointSchema = z.enum([
  'chat.completions',
  'completions',
  'responses',
  'embeddings',
  'messages',
  'messages.count_tokens',
  'models',
]);
export type GatewayEndpoint = z.output<typeof gatewayEndpointSchema>;

/** Longest prompt or response text kept in a usage event (characters); longer ones are cut and flagged. */
export const MAX_LOGGED_BODY_CHARS = 65_536;

/** A prompt or response as logged (JSON text, after guardrail redaction), cut at MAX_LOGGED_BODY_CHARS. */
export const loggedBodySchema = z.object({
  text: z.string().max(MAX_LOGGED_BODY_CHARS),
  truncated: z.boolean(),
});
export type LoggedBody = z.output<typeof loggedBodySchema>;

/**
 * One event per gateway request (success, error, cache hit or blocked).
 * `eventId` is unique and makes ingestion idempotent; `occurredAt` decides the request_logs partition.
 */
export const usageEventSchema = z.object({
  eventId: z.uuid(),
  requestId: z.string().min(1).max(200),
  occurredAt: z.iso.datetime({ offset: true }),
  orgId: z.uuid(),
  teamId: z.uuid().nullable(),
  apiKeyId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  endpoint: gatewayEndpointSchema,
  model: z.string().max(200),
  provider: z.string().max(100).nullable(),
  deploymentId: z.string().max(200).nullable(),
  status: usageStatusSchema,
  httpStatus: z.number().int().min(100).max(599),
  errorCode: z.string().max(100).nullable(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  latencyMs: z.number().nonnegative(),
  ttftMs: z.number().nonnegative().nullable(),
  stream: z.boolean(),
  cacheStatus: cacheStatusSchema,
  metadata: z.record(z.string(), z.string()).default({}),
  /** W3C trace context of the gateway request (only while tracing); the worker links its ingestion span to it. */
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional(),
  /**
   * Only when the logging policy of the request's key/user/team/org stores prompts and/or responses
   * (off by default): the redacted canonical messages and the answer's messages. Never for blocked requests.
   */
  bodies: z.object({ prompt: loggedBodySchema.optional(), response: loggedBodySchema.optional() }).optional(),
});
export type UsageEvent = z.output<typeof usageEventSchema>;
export type UsageEventInput = z.input<typeof usageEventSchema>;
