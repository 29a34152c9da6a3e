import { z } from 'zod';
import { chatUsageSchema } from '../openai-chat';

/** Legacy OpenAI Completions API (`POST /v1/completions`). */
export const completionsRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    prompt: z.union([z.string(), z.array(z.string()).min(1)]),
    max_tokens: z.number().int().positive().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    n: z.number().int().min(1).max(128).nullable().optional(),
    stop: z.union([z.string(), z.array(z.string())]).nullable().optional(),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
    seed: z.number().int().nullable().optional(),
    presence_penalty: z.number().nullable().optional(),
    frequency_penalty: z.number().nullable().optional(),
    user: z.string().optional(),
    echo: z.boolean().nullable().optional(),
    suffix: z.string().nullable().optional(),
    logprobs: z.number().int().nullable().optional(),
    best_of: z.number().int().nullable().optional(),
  })
  .loose();
export type CompletionsRequest = z.output<typeof completionsRequestSchema>;

export interface TextCompletionChoice {
  index: number;
  text: string;
  logprobs: null;
  finish_reason: 'stop' | 'length' | 'content_filter' | null;
}
export interface TextCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: TextCompletionChoice[];
  usage?: z.output<typeof chatUsageSchema> | null;
}
