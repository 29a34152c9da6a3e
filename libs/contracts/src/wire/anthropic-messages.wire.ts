import { z } from 'zod';

/** Anthropic Messages API (`POST /v1/messages`): request, response and stream events. */

const cacheControl = z.object({ type: z.literal('ephemeral') }).loose().optional();

/**
 * Where Claude found what a text block says (`char_location`, `page_location`,
 * `content_block_location`, `search_result_location`, `web_search_result_location`, …): kept as the
 * loose object Claude sent, so that kinds added later pass through unchanged.
 */
export const anthropicCitationSchema = z.object({ type: z.string() }).loose();
export type AnthropicCitation = z.output<typeof anthropicCitationSchema>;

export const anthropicTextBlockSchema = z
  .object({
    type: z.literal('text'),
    text: z.string(),
    /** The citations backing this block (an answer about documents with `citations.enabled`). */
    citations: z.array(anthropicCitationSchema).nullable().optional(),
    cache_control: cacheControl,
  })
  .loose();
export const anthropicImageSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }).loose(),
  z.object({ type: z.literal('url'), url: z.string() }).loose(),
]);
export const anthropicImageBlockSchema = z
  .object({ type: z.literal('image'), source: anthropicImageSourceSchema, cache_control: cacheControl })
  .loose();
export const anthropicToolUseBlockSchema = z
  .object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) })
  .loose();
/**
 * A document (`document` block): a PDF (base64 or URL), plain text, or custom content blocks, with
 * optional `title`, `context` and `citations`. Sluice carries it unchanged to providers that read it.
 */
export const anthropicDocumentSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }).loose(),
  z.object({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }).loose(),
  z.object({ type: z.literal('url'), url: z.string() }).loose(),
  z.object({ type: z.literal('content'), content: z.union([z.string(), z.array(z.object({ type: z.string() }).loose())]) }).loose(),
  z.object({ type: z.literal('file'), file_id: z.string() }).loose(),
]);
export const anthropicDocumentBlockSchema = z
  .object({
    type: z.literal('document'),
    source: anthropicDocumentSourceSchema,
    title: z.string().nullable().optional(),
    context: z.string().nullable().optional(),
    citations: z.object({ enabled: z.boolean().optional() }).loose().nullable().optional(),
    cache_control: cacheControl,
  })
  .loose();
export type AnthropicDocumentBlock = z.output<typeof anthropicDocumentBlockSchema>;
export const anthropicToolResultBlockSchema = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z
      .union([z.string(), z.array(z.discriminatedUnion('type', [anthropicTextBlockSchema, anthropicImageBlockSchema, anthropicDocumentBlockSchema]))])
      .optional(),
    is_error: z.boolean().optional(),
    cache_control: cacheControl,
  })
  .loose();
/** Claude's visible reasoning; `signature` must come back unchanged when the turn is sent again. */
export const anthropicThinkingBlockSchema = z
  .object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() })
  .loose();
/** Reasoning the safety systems encrypted; `data` must come back unchanged. */
export const anthropicRedactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).loose();
export type AnthropicThinkingBlock = z.output<typeof anthropicThinkingBlockSchema>;
export type AnthropicRedactedThinkingBlock = z.output<typeof anthropicRedactedThinkingBlockSchema>;

export const anthropicContentBlockSchema = z.discriminatedUnion('type', [
  anthropicTextBlockSchema,
  anthropicImageBlockSchema,
  anthropicToolUseBlockSchema,
  anthropicToolResultBlockSchema,
  anthropicThinkingBlockSchema,
  anthropicRedactedThinkingBlockSchema,
  anthropicDocumentBlockSchema,
]);
export type AnthropicContentBlock = z.output<typeof anthropicContentBlockSchema>;
export type AnthropicTextBlock = z.output<typeof anthropicTextBlockSchema>;
export type AnthropicImageBlock = z.output<typeof anthropicImageBlockSchema>;
export type AnthropicToolUseBlock = z.output<typeof anthropicToolUseBlockSchema>;
export type AnthropicToolResultBlock = z.output<typeof anthropicToolResultBlockSchema>;

export const anthropicMessageParamSchema = z
  .object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(anthropicContentBlockSchema)]) })
  .loose();
export type AnthropicMessageParam = z.output<typeof anthropicMessageParamSchema>;

export const anthropicToolSchema = z
  .object({ name: z.string().min(1), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()) })
  .loose();
export type AnthropicTool = z.output<typeof anthropicToolSchema>;

export const anthropicToolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }).loose(),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }).loose(),
  z.object({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }).loose(),
  z.object({ type: z.literal('none') }).loose(),
]);
export type AnthropicToolChoice = z.output<typeof anthropicToolChoiceSchema>;

/**
 * Extended thinking: `enabled` with a token budget (at least 1024, below max_tokens), `disabled`,
 * or `adaptive` (newer models decide how long to think).
 */
export const anthropicThinkingConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int() }).loose(),
  z.object({ type: z.literal('disabled') }).loose(),
  z.object({ type: z.literal('adaptive') }).loose(),
]);
export type AnthropicThinkingConfig = z.output<typeof anthropicThinkingConfigSchema>;

export const anthropicMessagesRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    messages: z.array(anthropicMessageParamSchema).min(1, 'messages must contain at least one message'),
    system: z.union([z.string(), z.array(anthropicTextBlockSchema)]).optional(),
    max_tokens: z.number().int().positive(),
    stop_sequences: z.array(z.string()).optional(),
    stream: z.boolean().optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().positive().optional(),
    tools: z.array(anthropicToolSchema).optional(),
    tool_choice: anthropicToolChoiceSchema.optional(),
    metadata: z.object({ user_id: z.string().optional() }).loose().optional(),
    thinking: anthropicThinkingConfigSchema.optional(),
    /** `auto` may use Priority Tier capacity; `standard_only` never does. */
    service_tier: z.enum(['auto', 'standard_only']).optional(),
  })
  .loose();
export type AnthropicMessagesRequest = z.output<typeof anthropicMessagesRequestSchema>;

/** `/v1/messages/count_tokens` takes the request without `max_tokens`. */
export const anthropicCountTokensRequestSchema = anthropicMessagesRequestSchema.omit({ max_tokens: true }).extend({
  max_tokens: z.number().int().positive().optional(),
});
export type AnthropicCountTokensRequest = z.output<typeof anthropicCountTokensRequestSchema>;

export const anthropicStopReasonSchema = z.enum(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal']);
export type AnthropicStopReason = z.output<typeof anthropicStopReasonSchema>;

export const anthropicUsageSchema = z
  .object({
    input_tokens: z.number().int().nonnegative(),
    output_tokens: z.number().int().nonnegative(),
    cache_creation_input_tokens: z.number().int().nonnegative().nullable().optional(),
    cache_read_input_tokens: z.number().int().nonnegative().nullable().optional(),
    /** cache_creation_input_tokens split by TTL (5-minute and 1-hour writes are priced apart). */
    cache_creation: z
      .object({ ephemeral_5m_input_tokens: z.number().int().nonnegative().optional(), ephemeral_1h_input_tokens: z.number().int().nonnegative().optional() })
      .loose()
      .nullable()
      .optional(),
    /** The tier that served the request (`standard`, `priority`, `batch`); lenient, as Anthropic may add tiers. */
    service_tier: z.string().nullable().optional().catch(undefined),
  })
  .loose();
export type AnthropicUsage = z.output<typeof anthropicUsageSchema>;

export const anthropicMessageSchema = z
  .object({
    id: z.string(),
    type: z.literal('message'),
    role: z.literal('assistant'),
    model: z.string(),
    content: z.array(anthropicContentBlockSchema),
    stop_reason: anthropicStopReasonSchema.nullable(),
    stop_sequence: z.string().nullable().optional(),
    usage: anthropicUsageSchema,
  })
  .loose();
export type AnthropicMessage = z.output<typeof anthropicMessageSchema>;

export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: anthropicMessageSchema }).loose(),
  z.object({ type: z.literal('content_block_start'), index: z.number().int(), content_block: anthropicContentBlockSchema }).loose(),
  z
    .object({
      type: z.literal('content_block_delta'),
      index: z.number().int(),
      delta: z.discriminatedUnion('type', [
        z.object({ type: z.literal('text_delta'), text: z.string() }).loose(),
        z.object({ type: z.literal('input_json_delta'), partial_json: z.string() }).loose(),
        z.object({ type: z.literal('thinking_delta'), thinking: z.string() }).loose(),
        z.object({ type: z.literal('signature_delta'), signature: z.string() }).loose(),
        /** One more citation for the open text block (Claude sends them before the block's text). */
        z.object({ type: z.literal('citations_delta'), citation: anthropicCitationSchema }).loose(),
      ]),
    })
    .loose(),
  z.object({ type: z.literal('content_block_stop'), index: z.number().int() }).loose(),
  z
    .object({
      type: z.literal('message_delta'),
      delta: z.object({ stop_reason: anthropicStopReasonSchema.nullable(), stop_sequence: z.string().nullable().optional() }).loose(),
      usage: anthropicUsageSchema.partial().loose(),
    })
    .loose(),
  z.object({ type: z.literal('message_stop') }).loose(),
  z.object({ type: z.literal('ping') }).loose(),
  z.object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string() }).loose() }).loose(),
]);
export type AnthropicStreamEvent = z.output<typeof anthropicStreamEventSchema>;

export const anthropicErrorBodySchema = z.object({
  type: z.literal('error'),
  error: z.object({ type: z.string(), message: z.string() }),
});
export type AnthropicErrorBody = z.output<typeof anthropicErrorBodySchema>;
