import { z } from 'zod';

/** OpenAI-style error body, used by the gateway for OpenAI-format routes. */
export const openAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});
export type OpenAiErrorBody = z.output<typeof openAiErrorBodySchema>;

/** RFC 9457 problem details, used by the admin API. */
export const problemDetailsSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ProblemDetails = z.output<typeof problemDetailsSchema>;
