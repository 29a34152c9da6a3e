import { z } from 'zod';

const millis = z.number().int().min(0).max(600_000);

/** What a request (or every request for a model) should suffer. Every field is optional. */
export const faultSettingsSchema = z.strictObject({
  /** Fixed delay before anything is sent. */
  latencyMs: millis.optional(),
  /** Random delay, uniform in [min, max], added to latencyMs. */
  latencyRangeMs: z
    .strictObject({ min: millis, max: millis })
    .refine((range) => range.min <= range.max, 'min must not exceed max')
    .optional(),
  /** Delay before the first stream event (non-stream: added to the latency). */
  ttftMs: millis.optional(),
  /** Delay between stream events. */
  chunkDelayMs: millis.optional(),
  /** Answer every request with this status and an error body in the provider's format. */
  status: z.number().int().min(400).max(599).optional(),
  errorMessage: z.string().min(1).max(2000).optional(),
  /** Sent as `Retry-After` (seconds) on injected errors; alone it implies status 429. */
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  /** Fail the first K requests (per model, or per API key), then succeed. */
  failFirst: z.number().int().min(0).max(1_000_000).optional(),
  failScope: z.enum(['model', 'key']).optional(),
  /** Status of the fail-first errors (default 500). */
  failStatus: z.number().int().min(400).max(599).optional(),
  /** Destroy the connection after sending K stream events. */
  dropAfterChunks: z.number().int().min(0).optional(),
  /** Never answer; the request is only released when the client goes away. */
  hang: z.boolean().optional(),
  /** Length of the reply in mock tokens (before the request's own max_tokens cut). */
  outputTokens: z.number().int().min(0).max(100_000).optional(),
});
export type FaultSettings = z.output<typeof faultSettingsSchema>;

/** Body of `POST /_mock/config`: defaults for every request, overridden per model name. */
export const mockConfigSchema = z.strictObject({
  defaults: faultSettingsSchema.default({}),
  models: z.record(z.string().min(1), faultSettingsSchema).default({}),
});
export type MockConfig = z.output<typeof mockConfigSchema>;

export const EMPTY_MOCK_CONFIG: MockConfig = { defaults: {}, models: {} };
