import { z } from 'zod';

/** OpenAI Responses API (`POST /v1/responses`): the subset Sluice translates to chat completions. */

export const responsesInputContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input_text'), text: z.string() }).loose(),
  z.object({ type: z.literal('output_text'), text: z.string() }).loose(),
  z
    .object({ type: z.literal('input_image'), image_url: z.string().optional(), file_id: z.string().optional(), detail: z.enum(['auto', 'low', 'high']).optional() })
    .loose(),
  z.object({ type: z.literal('input_file') }).loose(),
  z.object({ type: z.literal('refusal'), refusal: z.string() }).loose(),
]);
export type ResponsesInputContent = z.output<typeof responsesInputContentSchema>;

export const responsesInputItemSchema = z.union([
  z
    .object({
      type: z.literal('message').optional(),
      role: z.enum(['user', 'assistant', 'system', 'developer']),
      content: z.union([z.string(), z.array(responsesInputContentSchema)]),
    })
    .loose(),
  z.object({ type: z.literal('function_call'), call_id: z.string(), name: z.string(), arguments: z.string() }).loose(),
  z.object({ type: z.literal('function_call_output'), call_id: z.string(), output: z.string() }).loose(),
  /**
   * A reasoning item sent back: Sluice reads its `encrypted_content` (see {@link ResponsesReasoningItem});
   * the summary is informational.
   */
  z
    .object({
      type: z.literal('reasoning'),
      id: z.string().optional(),
      summary: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).optional(),
      encrypted_content: z.string().nullable().optional(),
    })
    .loose(),
  /** A reference to a stored item; Sluice stores nothing, so it is refused with a 400. */
  z.object({ type: z.literal('item_reference'), id: z.string() }).loose(),
]);
export type ResponsesInputItem = z.output<typeof responsesInputItemSchema>;

export const responsesFunctionToolSchema = z
  .object({
    type: z.literal('function'),
    name: z.string().min(1),
    description: z.string().nullable().optional(),
    parameters: z.record(z.string(), z.unknown()).nullable().optional(),
    strict: z.boolean().nullable().optional(),
  })
  .loose();

export const responsesTextFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).loose(),
  z.object({ type: z.literal('json_object') }).loose(),
  z
    .object({
      type: z.literal('json_schema'),
      name: z.string(),
      schema: z.record(z.string(), z.unknown()),
      description: z.string().optional(),
      strict: z.boolean().nullable().optional(),
    })
    .loose(),
]);

export const responsesRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    input: z.union([z.string(), z.array(responsesInputItemSchema).min(1)]),
    instructions: z.string().nullable().optional(),
    tools: z.array(z.object({ type: z.string() }).loose()).optional(),
    tool_choice: z
      .union([z.enum(['none', 'auto', 'required']), z.object({ type: z.literal('function'), name: z.string() }).loose()])
      .optional(),
    parallel_tool_calls: z.boolean().nullable().optional(),
    max_output_tokens: z.number().int().positive().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    stream: z.boolean().nullable().optional(),
    text: z.object({ format: responsesTextFormatSchema.optional(), verbosity: z.string().nullable().optional() }).loose().optional(),
    reasoning: z.object({ effort: z.string().nullable().optional(), summary: z.string().nullable().optional() }).loose().nullable().optional(),
    user: z.string().optional(),
    safety_identifier: z.string().max(1024).optional(),
    prompt_cache_key: z.string().max(1024).optional(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    previous_response_id: z.string().nullable().optional(),
    store: z.boolean().nullable().optional(),
    include: z.array(z.string()).nullable().optional(),
    truncation: z.enum(['auto', 'disabled']).nullable().optional(),
  })
  .loose();
export type ResponsesRequest = z.output<typeof responsesRequestSchema>;

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}
export interface ResponsesMessageItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: ResponsesOutputText[];
}
export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}
export interface ResponsesSummaryText {
  type: 'summary_text';
  text: string;
}
/**
 * A model's reasoning. For Claude: one item per thinking block, its text as the summary and the
 * whole block (signature included, or a redacted block's data) in `encrypted_content`, so that a
 * client sending the item back gives Claude its thinking unchanged. Other upstreams' reasoning text
 * (no signature) has `encrypted_content: null`.
 */
export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: ResponsesSummaryText[];
  encrypted_content: string | null;
  status: 'in_progress' | 'completed' | 'incomplete';
}
export type ResponsesOutputItem = ResponsesMessageItem | ResponsesFunctionCallItem | ResponsesReasoningItem;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** A failed response's error (OpenAI's codes: `server_error`, `rate_limit_exceeded`, `invalid_prompt` …). */
export interface ResponsesError {
  code: string;
  message: string;
}

/** What a response echoes of its request, as OpenAI's does. */
export interface ResponsesRequestEcho {
  instructions: string | null;
  metadata: Record<string, string>;
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
  tool_choice: unknown;
  tools: unknown[];
  parallel_tool_calls: boolean;
  text: { format: unknown; verbosity?: string };
  reasoning: { effort: string | null; summary: string | null };
  truncation: 'auto' | 'disabled';
  user: string | null;
  safety_identifier: string | null;
  prompt_cache_key: string | null;
  previous_response_id: null;
  background: false;
  /** Always false: Sluice does not keep responses (no previous_response_id, no GET /v1/responses/{id}). */
  store: false;
  service_tier: string;
}

export interface ResponsesResponse extends ResponsesRequestEcho {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  model: string;
  output: ResponsesOutputItem[];
  output_text?: string;
  usage: ResponsesUsage | null;
  error: ResponsesError | null;
}

/** One server-sent event of a streamed response (`event:` name = `type`). */
export type ResponsesStreamEvent =
  | {
      type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed';
      sequence_number: number;
      response: ResponsesResponse;
    }
  | { type: 'response.output_item.added' | 'response.output_item.done'; sequence_number: number; output_index: number; item: ResponsesOutputItem }
  | {
      type: 'response.content_part.added' | 'response.content_part.done';
      sequence_number: number;
      item_id: string;
      output_index: number;
      content_index: number;
      part: ResponsesOutputText;
    }
  | { type: 'response.output_text.delta'; sequence_number: number; item_id: string; output_index: number; content_index: number; delta: string }
  | { type: 'response.output_text.done'; sequence_number: number; item_id: string; output_index: number; content_index: number; text: string }
  | { type: 'response.function_call_arguments.delta'; sequence_number: number; item_id: string; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; sequence_number: number; item_id: string; output_index: number; arguments: string }
  | {
      type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';
      sequence_number: number;
      item_id: string;
      output_index: number;
      summary_index: number;
      part: ResponsesSummaryText;
    }
  | { type: 'response.reasoning_summary_text.delta'; sequence_number: number; item_id: string; output_index: number; summary_index: number; delta: string }
  | { type: 'response.reasoning_summary_text.done'; sequence_number: number; item_id: string; output_index: number; summary_index: number; text: string };
