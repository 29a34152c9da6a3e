import { z } from 'zod';

const contentBlockSchema = z.object({ type: z.string() }).loose();

const messageSchema = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: z.union([z.string(), z.array(contentBlockSchema).min(1)]),
  })
  .loose();

const toolSchema = z
  .object({ name: z.string().min(1), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()).optional(), type: z.string().optional() })
  .loose();

const toolChoiceSchema = z
  .object({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional(), disable_parallel_tool_use: z.boolean().optional() })
  .loose();

const systemSchema = z.union([z.string(), z.array(z.object({ type: z.literal('text'), text: z.string() }).loose())]);

/** Fields shared by `/v1/messages` and `/v1/messages/count_tokens`. */
export const countTokensRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    messages: z.array(messageSchema).min(1),
    system: systemSchema.optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
  })
  .loose();
export type CountTokensRequest = z.output<typeof countTokensRequestSchema>;

const thinkingSchema = z
  .object({ type: z.enum(['enabled', 'disabled', 'adaptive']), budget_tokens: z.number().int().optional() })
  .loose();

const documentSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string().min(1) }).loose(),
  z.object({ type: z.literal('text'), media_type: z.literal('text/plain').optional(), data: z.string() }).loose(),
  z.object({ type: z.literal('url'), url: z.url() }).loose(),
  z.object({ type: z.literal('content'), content: z.union([z.string(), z.array(z.object({ type: z.string() }).loose())]) }).loose(),
]);
/** Anthropic's document block, checked wherever it appears (a user turn or a tool result). */
export const documentBlockSchema = z.object({ type: z.literal('document'), source: documentSourceSchema, title: z.string().nullable().optional() }).loose();

export const messagesRequestSchema = countTokensRequestSchema.extend({
  max_tokens: z.number().int().min(1),
  stream: z.boolean().optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_k: z.number().int().optional(),
  thinking: thinkingSchema.optional(),
});
export type MessagesRequest = z.output<typeof messagesRequestSchema>;
