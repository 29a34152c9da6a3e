import { z } from 'zod';
import { chatCompletionRequestSchema } from '@sluice/contracts';

const functionToolSchema = z
  .object({
    type: z.string(),
    function: z
      .object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() })
      .loose()
      .optional(),
  })
  .loose();

const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }).loose() }).loose(),
]);

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).loose(),
  z.object({ type: z.literal('json_object') }).loose(),
  z
    .object({
      type: z.literal('json_schema'),
      json_schema: z.object({ name: z.string().min(1), schema: z.record(z.string(), z.unknown()).optional() }).loose(),
    })
    .loose(),
]);

export const stopSchema = z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional();

/** The gateway's chat request contract, plus the fields whose effect the mock imitates. */
export const mockChatRequestSchema = chatCompletionRequestSchema.extend({
  tools: z.array(functionToolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormatSchema.optional(),
  stop: stopSchema,
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
});
export type MockChatRequest = z.output<typeof mockChatRequestSchema>;

export function stopList(stop: string | string[] | null | undefined): string[] {
  if (stop === null || stop === undefined) return [];
  return typeof stop === 'string' ? [stop] : stop;
}
