import { z } from 'zod';
import { cacheStatusSchema, gatewayEndpointSchema, loggedBodySchema, usageStatusSchema, type LoggedBody } from '@sluice/contracts';

export const listRequestLogsQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('occurred_at ≥ from'),
  to: z.iso.datetime({ offset: true }).optional().describe('occurred_at < to'),
  teamId: z.uuid().optional(),
  keyId: z.uuid().optional(),
  userId: z.uuid().optional(),
  model: z.string().min(1).max(200).optional(),
  provider: z.string().min(1).max(100).optional(),
  status: usageStatusSchema.optional(),
  cacheStatus: cacheStatusSchema.optional(),
  requestId: z.string().min(1).max(200).optional(),
  minLatencyMs: z.coerce.number().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^[0-9]{1,17}_[0-9a-f-]{36}$/, 'invalid cursor').optional(),
});
export type ListRequestLogsQuery = z.output<typeof listRequestLogsQuerySchema>;

export const requestLogViewSchema = z.object({
  id: z.uuid().describe('The usage event id'),
  requestId: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  teamId: z.uuid().nullable(),
  apiKeyId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  endpoint: gatewayEndpointSchema,
  model: z.string(),
  provider: z.string().nullable(),
  deploymentId: z.string().nullable(),
  status: usageStatusSchema,
  httpStatus: z.number().int(),
  errorCode: z.string().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  stream: z.boolean(),
  cacheStatus: cacheStatusSchema,
  metadata: z.record(z.string(), z.string()),
  teamName: z.string().nullable().describe('The team’s current name; null without a team or when it was deleted'),
  apiKeyLabel: z.string().nullable().describe('The key as "name (sk-sluice-ab…)"; null without a key or when it was deleted'),
  userEmail: z.string().nullable().describe('Email of the user the key belongs to; null for a service account’s key or without a user'),
});
export type RequestLogView = z.output<typeof requestLogViewSchema>;

/** One log with the stored prompt/response text (only when the logging policy kept it, after guardrail redaction). */
export const requestLogDetailSchema = requestLogViewSchema.extend({
  bodies: z
    .object({ prompt: loggedBodySchema.optional(), response: loggedBodySchema.optional() })
    .nullable()
    .describe('Stored prompt and response text (redacted, each cut at 64 Ki characters); null when the logging policy stores none'),
});
export type RequestLogDetail = z.output<typeof requestLogDetailSchema>;

/** A request_logs row as node-postgres returns it, plus its keyset position in microseconds. */
export interface RequestLogRow {
  occurred_at: Date;
  occurred_us: string;
  event_id: string;
  request_id: string;
  team_id: string | null;
  api_key_id: string | null;
  user_id: string | null;
  endpoint: RequestLogView['endpoint'];
  model: string;
  provider: string | null;
  deployment_id: string | null;
  status: RequestLogView['status'];
  http_status: number;
  error_code: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: string;
  latency_ms: number;
  ttft_ms: number | null;
  stream: boolean;
  cache_status: RequestLogView['cacheStatus'];
  metadata: Record<string, string>;
  /** Only selected for the detail view. */
  bodies?: { prompt?: LoggedBody; response?: LoggedBody } | null;
}

/** Names of a page's teams, keys and users (see usageLabels); an id without one maps to nothing. */
export interface RequestLogLabels {
  teams: ReadonlyMap<string, string>;
  keys: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

export function toRequestLogView(row: RequestLogRow, labels: RequestLogLabels): RequestLogView {
  return {
    id: row.event_id,
    requestId: row.request_id,
    occurredAt: row.occurred_at.toISOString(),
    teamId: row.team_id,
    apiKeyId: row.api_key_id,
    userId: row.user_id,
    endpoint: row.endpoint,
    model: row.model,
    provider: row.provider,
    deploymentId: row.deployment_id,
    status: row.status,
    httpStatus: row.http_status,
    errorCode: row.error_code,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    cachedTokens: row.cached_tokens,
    costUsd: Number(row.cost_usd),
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    stream: row.stream,
    cacheStatus: row.cache_status,
    metadata: row.metadata,
    teamName: (row.team_id && labels.teams.get(row.team_id)) ?? null,
    apiKeyLabel: (row.api_key_id && labels.keys.get(row.api_key_id)) ?? null,
    userEmail: (row.user_id && labels.users.get(row.user_id)) ?? null,
  };
}
