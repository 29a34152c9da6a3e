import { z } from 'zod';

export const openAiEmbeddingsRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    input: z.union([z.string(), z.array(z.string()).min(1), z.array(z.number().int()).min(1), z.array(z.array(z.number().int())).min(1)]),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().positive().optional(),
    user: z.string().optional(),
  })
  .loose();
export type OpenAiEmbeddingsRequest = z.output<typeof openAiEmbeddingsRequestSchema>;

export const openAiEmbeddingsResponseSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({ object: z.literal('embedding'), index: z.number().int(), embedding: z.union([z.array(z.number()), z.string()]) }).loose(),
    ),
    model: z.string(),
    usage: z.object({ prompt_tokens: z.number().int().nonnegative(), total_tokens: z.number().int().nonnegative() }).loose(),
  })
  .loose();
export type OpenAiEmbeddingsResponse = z.output<typeof openAiEmbeddingsResponseSchema>;
