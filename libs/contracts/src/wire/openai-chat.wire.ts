import { z } from 'zod';
import { chatUsageSchema } from '../openai-chat';
import {
  anthropicCitationSchema,
  anthropicDocumentBlockSchema,
  anthropicRedactedThinkingBlockSchema,
  anthropicThinkingBlockSchema,
  anthropicThinkingConfigSchema,
} from './anthropic-messages.wire';

/**
 * The canonical internal format: OpenAI Chat Completions (request, response, stream chunk).
 * Objects are loose so fields a provider adds (or a newer OpenAI API adds) pass through.
 */

export const openAiTextPartSchema = z.object({ type: z.literal('text'), text: z.string() }).loose();
export const openAiImagePartSchema = z
  .object({
    type: z.literal('image_url'),
    /** An https URL or a `data:<mime>;base64,<data>` URI. */
    image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }).loose(),
  })
  .loose();
export const openAiAudioPartSchema = z
  .object({ type: z.literal('input_audio'), input_audio: z.object({ data: z.string(), format: z.string() }).loose() })
  .loose();
export const openAiFilePartSchema = z.object({ type: z.literal('file'), file: z.object({}).loose() }).loose();
export const openAiRefusalPartSchema = z.object({ type: z.literal('refusal'), refusal: z.string() }).loose();

/**
 * Not OpenAI's: an Anthropic `document` block (PDF, text or URL source, title, citations), carried
 * as it is so that Claude gets it unchanged; OpenAI-wire upstreams get a base64 PDF as a `file`
 * part and a text document as text, and refuse the rest with a 400.
 */
export const openAiDocumentPartSchema = anthropicDocumentBlockSchema;

export const openAiUserContentPartSchema = z.discriminatedUnion('type', [
  openAiTextPartSchema,
  openAiImagePartSchema,
  openAiAudioPartSchema,
  openAiFilePartSchema,
  openAiDocumentPartSchema,
]);
export type OpenAiTextPart = z.output<typeof openAiTextPartSchema>;
export type OpenAiImagePart = z.output<typeof openAiImagePartSchema>;
export type OpenAiUserContentPart = z.output<typeof openAiUserContentPartSchema>;
export type OpenAiDocumentPart = z.output<typeof openAiDocumentPartSchema>;

/**
 * Not OpenAI's (LiteLLM's convention): Claude's reasoning blocks, kept whole with their `signature`
 * (or redacted `data`) so that a client can send them back in the next assistant turn, which Claude
 * requires when it continues a tool call with thinking enabled.
 */
export const thinkingBlockSchema = z.discriminatedUnion('type', [anthropicThinkingBlockSchema, anthropicRedactedThinkingBlockSchema]);
export type ThinkingBlock = z.output<typeof thinkingBlockSchema>;

/**
 * Not OpenAI's: the order of a Claude turn's content blocks when interleaved thinking put them in
 * one the separate fields cannot say (thinking after text or a tool call, several text blocks):
 * `thinking` and `tool_use` take the next `thinking_blocks` / `tool_calls` entry, a number the next
 * that many characters of `content`. Set only from Anthropic-shaped sources (a Claude answer, an
 * Anthropic client's assistant turn), so that Claude and Anthropic clients get the blocks in that
 * order; OpenAI-format clients never see it.
 */
export const blockOrderSchema = z.array(z.union([z.enum(['thinking', 'tool_use']), z.number().int().nonnegative()])).max(4096);
export type BlockOrder = z.output<typeof blockOrderSchema>;

/**
 * Not OpenAI's: the citations of a Claude answer about documents sent with `citations.enabled`.
 * Claude answers in several text blocks, some backed by citations (kept as Claude sent them, see
 * `anthropicCitationSchema`); each such block is one range of `content`: `start` inclusive, `end`
 * exclusive, in UTF-16 code units (JavaScript string offsets). The text blocks an Anthropic client
 * gets back are `content` cut at the ranges' edges (`citedTextPieces`).
 *
 * Why the ranges and not `block_order` say where the text blocks split: a split between two blocks
 * without citations means nothing (Claude's docs have clients join the blocks' text), the ranges are
 * what an OpenAI-format client needs to place the citations in `content`, and `block_order` keeps its
 * one meaning (interleaved thinking), which every Claude-facing mapper already reads. A turn with both
 * thinking and citations has both: `block_order` cuts the text where thinking or tool calls
 * interleave, the ranges cut it further.
 *
 * Lenient: an upstream using the name for something else must not fail the response.
 */
export const citedRangeSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), citations: z.array(anthropicCitationSchema) })
  .loose();
export type CitedRange = z.output<typeof citedRangeSchema>;
const citationsFieldSchema = z.array(citedRangeSchema).max(4096).optional().catch(undefined);

/**
 * Not OpenAI's: the stream form of {@link citedRangeSchema}: a Claude text block starts at `start`
 * (the length of the choice's `content` streamed so far) with these citations (Claude's
 * `citations_delta`s, which come before the block's text). A piece with the `start` of the text block
 * already open adds its citations to that block; any other starts a new text block (empty
 * `citations`: a block without any, following another text block). The block ends where the next
 * one, a reasoning piece or a tool call starts. Lenient, as above.
 */
export const citedTextStartSchema = z.object({ start: z.number().int().nonnegative(), citations: z.array(anthropicCitationSchema) }).loose();
export type CitedTextStart = z.output<typeof citedTextStartSchema>;
const citationsDeltaFieldSchema = z.array(citedTextStartSchema).max(4096).optional().catch(undefined);

export const openAiToolCallSchema = z
  .object({
    id: z.string(),
    type: z.literal('function'),
    function: z.object({ name: z.string(), arguments: z.string() }).loose(),
  })
  .loose();
export type OpenAiToolCall = z.output<typeof openAiToolCallSchema>;

const textContent = z.union([z.string(), z.array(openAiTextPartSchema)]);

export const openAiSystemMessageSchema = z
  .object({ role: z.enum(['system', 'developer']), content: textContent, name: z.string().optional() })
  .loose();
export const openAiUserMessageSchema = z
  .object({ role: z.literal('user'), content: z.union([z.string(), z.array(openAiUserContentPartSchema)]), name: z.string().optional() })
  .loose();
export const openAiAssistantMessageSchema = z
  .object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [openAiTextPartSchema, openAiRefusalPartSchema])), z.null()]).optional(),
    refusal: z.string().nullable().optional(),
    name: z.string().optional(),
    tool_calls: z.array(openAiToolCallSchema).optional(),
    /** The reasoning text of this turn (DeepSeek's and LiteLLM's field); informational, never sent upstream. */
    reasoning_content: z.string().nullable().optional(),
    /** The turn's reasoning blocks, sent back to Claude unchanged (see {@link thinkingBlockSchema}). */
    thinking_blocks: z.array(thinkingBlockSchema).nullable().optional(),
    /** The turn's block order with interleaved thinking (see {@link blockOrderSchema}). */
    block_order: blockOrderSchema.optional(),
  })
  .loose();
/**
 * A tool message's content parts: text as OpenAI defines it; images and documents are Sluice's
 * extension (Anthropic's `tool_result` takes them), refused for providers that cannot take them.
 */
export const openAiToolContentPartSchema = z.discriminatedUnion('type', [openAiTextPartSchema, openAiImagePartSchema, openAiDocumentPartSchema]);
export type OpenAiToolContentPart = z.output<typeof openAiToolContentPartSchema>;

export const openAiToolMessageSchema = z
  .object({
    role: z.literal('tool'),
    content: z.union([z.string(), z.array(openAiToolContentPartSchema)]),
    tool_call_id: z.string(),
    /**
     * Not OpenAI's: an Anthropic client's `tool_result.is_error`, carried so that Anthropic (and
     * Bedrock, Gemini) upstreams are told the tool failed; OpenAI-wire upstreams get it as text.
     */
    is_error: z.boolean().optional(),
    /**
     * Not OpenAI's: the `cache_control` an Anthropic client put on the `tool_result` block itself
     * (Claude Code marks its newest tool result), given back to Claude on that block and to Bedrock
     * as a cache point after the result; dropped for OpenAI-wire upstreams.
     */
    cache_control: z.unknown().optional(),
  })
  .loose();
/** Deprecated `function` role; accepted for OpenAI passthrough, rejected by translating providers. */
export const openAiFunctionMessageSchema = z
  .object({ role: z.literal('function'), content: z.string().nullable(), name: z.string() })
  .loose();

export const openAiChatMessageSchema = z.discriminatedUnion('role', [
  openAiSystemMessageSchema,
  openAiUserMessageSchema,
  openAiAssistantMessageSchema,
  openAiToolMessageSchema,
  openAiFunctionMessageSchema,
]);
export type OpenAiChatMessage = z.output<typeof openAiChatMessageSchema>;
export type OpenAiAssistantMessage = z.output<typeof openAiAssistantMessageSchema>;

export const openAiFunctionToolSchema = z
  .object({
    type: z.literal('function'),
    function: z
      .object({
        name: z.string().min(1).max(128),
        description: z.string().optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
        strict: z.boolean().nullable().optional(),
      })
      .loose(),
  })
  .loose();
export type OpenAiFunctionTool = z.output<typeof openAiFunctionToolSchema>;

export const openAiToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }).loose() }).loose(),
]);
export type OpenAiToolChoice = z.output<typeof openAiToolChoiceSchema>;

export const openAiJsonSchemaFormatSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    schema: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  })
  .loose();
export const openAiResponseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).loose(),
  z.object({ type: z.literal('json_object') }).loose(),
  z.object({ type: z.literal('json_schema'), json_schema: openAiJsonSchemaFormatSchema }).loose(),
]);
export type OpenAiResponseFormat = z.output<typeof openAiResponseFormatSchema>;

const maxTokens = z.number().int().positive().max(1_000_000).nullable().optional();

export const openAiChatRequestSchema = z
  .object({
    model: z.string().min(1, 'model is required').max(200),
    messages: z.array(openAiChatMessageSchema).min(1, 'messages must contain at least one message'),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
    max_tokens: maxTokens,
    max_completion_tokens: maxTokens,
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    n: z.number().int().min(1).max(128).nullable().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(16)]).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    logprobs: z.boolean().nullable().optional(),
    top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
    tools: z.array(openAiFunctionToolSchema).optional(),
    tool_choice: openAiToolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: openAiResponseFormatSchema.optional(),
    user: z.string().optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    /** OpenAI's reasoning control (`low`, `medium`, `high`, …); a Claude upstream gets a thinking budget for it. */
    reasoning_effort: z.string().nullable().optional(),
    /**
     * Not OpenAI's: Anthropic's extended-thinking setting (an Anthropic client's `thinking`, or an
     * OpenAI client's, as LiteLLM accepts it). OpenAI reasoning models get a `reasoning_effort` for it.
     */
    thinking: anthropicThinkingConfigSchema.optional(),
    /** OpenAI's processing tier (`auto`, `default`, `flex`, `scale`, `priority`); Claude gets Anthropic's `service_tier` for it. */
    service_tier: z.string().nullable().optional(),
    /** OpenAI's prompt-cache routing key; only OpenAI takes it (other providers have no equivalent). */
    prompt_cache_key: z.string().max(1024).optional(),
    /** OpenAI's stable end-user id for abuse monitoring (successor of `user`); Claude gets it as `metadata.user_id`. */
    safety_identifier: z.string().max(1024).optional(),
    /**
     * Not OpenAI's: the `anthropic-beta` values a client asked for (its `anthropic-beta` header), sent
     * to Claude upstreams (Anthropic's header, Bedrock's `anthropic_beta`) when the provider allows them.
     */
    anthropic_beta: z.array(z.string().min(1).max(100)).max(32).optional(),
  })
  .loose();
export type OpenAiChatRequest = z.output<typeof openAiChatRequestSchema>;

export const openAiFinishReasonSchema = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);
export type OpenAiFinishReason = z.output<typeof openAiFinishReasonSchema>;

/**
 * The stop sequence (or stop token id) that ended a choice, as vLLM reports it next to
 * `finish_reason: 'stop'`. Anthropic's `stop_sequence` travels here, so an Anthropic client is told
 * which of its `stop_sequences` matched. Absent or null when the choice ended otherwise. Lenient:
 * a provider using the name for something else must not fail the response.
 */
const stopReasonSchema = z.union([z.string(), z.number()]).nullable().catch(null).optional();

export const openAiResponseMessageSchema = z
  .object({
    role: z.literal('assistant'),
    content: z.string().nullable(),
    refusal: z.string().nullable().optional(),
    tool_calls: z.array(openAiToolCallSchema).optional(),
    /** Claude's reasoning text, joined (the de-facto field OpenAI-format clients read). */
    reasoning_content: z.string().nullable().optional(),
    /** Claude's reasoning blocks with their signatures, in order, to send back in the next turn. */
    thinking_blocks: z.array(thinkingBlockSchema).optional(),
    /** Claude's block order with interleaved thinking (see {@link blockOrderSchema}); only Anthropic clients' answers show it. */
    block_order: blockOrderSchema.optional(),
    /** Claude's citations, each with the range of `content` it backs (see {@link citedRangeSchema}); OpenAI-format clients get them too. */
    citations: citationsFieldSchema,
  })
  .loose();
export type OpenAiResponseMessage = z.output<typeof openAiResponseMessageSchema>;

export const openAiChatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z
        .object({
          index: z.number().int(),
          message: openAiResponseMessageSchema,
          finish_reason: openAiFinishReasonSchema.nullable(),
          stop_reason: stopReasonSchema,
          logprobs: z.unknown().optional(),
        })
        .loose(),
    ),
    usage: chatUsageSchema.optional(),
    system_fingerprint: z.string().nullable().optional(),
    /** The tier that served the request (OpenAI's `default`, `flex`, `priority` …; Claude's mapped). Lenient. */
    service_tier: z.string().nullable().optional().catch(undefined),
  })
  .loose();
export type OpenAiChatCompletion = z.output<typeof openAiChatCompletionSchema>;

export const openAiToolCallDeltaSchema = z
  .object({
    index: z.number().int(),
    id: z.string().optional(),
    type: z.literal('function').optional(),
    function: z.object({ name: z.string().optional(), arguments: z.string().optional() }).loose().optional(),
  })
  .loose();
export type OpenAiToolCallDelta = z.output<typeof openAiToolCallDeltaSchema>;

export const openAiChatChunkSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z
        .object({
          index: z.number().int(),
          delta: z
            .object({
              role: z.literal('assistant').optional(),
              content: z.string().nullable().optional(),
              refusal: z.string().nullable().optional(),
              tool_calls: z.array(openAiToolCallDeltaSchema).optional(),
              /** A piece of reasoning text (Claude's thinking_delta). */
              reasoning_content: z.string().nullable().optional(),
              /**
               * Reasoning block pieces that are not text: `{type:'thinking', thinking:'', signature}`
               * ends the current thinking block with its signature; `{type:'redacted_thinking', data}`
               * is a whole redacted block. A thinking block's text comes as `reasoning_content`.
               */
              thinking_blocks: z.array(thinkingBlockSchema).optional(),
              /** Where a Claude text block starts and its citations (see {@link citedTextStartSchema}). */
              citations: citationsDeltaFieldSchema,
            })
            .loose(),
          finish_reason: openAiFinishReasonSchema.nullable(),
          stop_reason: stopReasonSchema,
          logprobs: z.unknown().optional(),
        })
        .loose(),
    ),
    usage: chatUsageSchema.nullable().optional(),
    /**
     * Not OpenAI's: the usage a provider reported when its stream started (Anthropic's
     * message_start: the prompt's tokens with cache details, the output counted so far), on the
     * first chunk, so an Anthropic client's message_start can carry it. Never counted: the final
     * `usage` chunk is the request's usage. Lenient: an upstream using the name must not fail the stream.
     */
    prompt_usage: chatUsageSchema.optional().catch(undefined),
    system_fingerprint: z.string().nullable().optional(),
    service_tier: z.string().nullable().optional().catch(undefined),
  })
  .loose();
export type OpenAiChatChunk = z.output<typeof openAiChatChunkSchema>;
