import { z } from 'zod';

const contentPartSchema = z.object({ type: z.string() }).loose();

export const chatMessageSchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
    content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
    name: z.string().optional(),
  })
  .loose();

/** The fields the gateway reads; every other field is passed to the provider as sent. */
export const chatCompletionRequestSchema = z
  .object({
    model: z.string().min(1, 'model is required').max(200),
    messages: z.array(chatMessageSchema).min(1, 'messages must contain at least one message'),
    stream: z.boolean().optional(),
    max_tokens: z.number().int().positive().max(1_000_000).nullable().optional(),
    max_completion_tokens: z.number().int().positive().max(1_000_000).nullable().optional(),
    n: z.number().int().min(1).max(128).nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
  })
  .loose();
export type ChatCompletionRequest = z.output<typeof chatCompletionRequestSchema>;

export const chatUsageSchema = z
  .object({
    prompt_tokens: z.number().int().nonnegative(),
    completion_tokens: z.number().int().nonnegative(),
    total_tokens: z.number().int().nonnegative().optional(),
    prompt_tokens_details: z
      .object({
        cached_tokens: z.number().int().nonnegative().optional(),
        /** Prompt tokens written to the provider's prompt cache (Anthropic), billed at the cache-write price; part of prompt_tokens. */
        cache_creation_tokens: z.number().int().nonnegative().optional(),
        /** The part of cache_creation_tokens written with Anthropic's 1-hour TTL, billed at the 1-hour cache-write price; set only when the upstream reported the split. */
        cache_creation_1h_tokens: z.number().int().nonnegative().optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();
export type ChatUsage = z.output<typeof chatUsageSchema>;
