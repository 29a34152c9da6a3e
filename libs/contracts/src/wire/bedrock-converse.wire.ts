import { z } from 'zod';

/** AWS Bedrock Runtime Converse / ConverseStream API. */

const imageSchema = z.object({ format: z.string(), source: z.object({ bytes: z.string() }).loose() }).loose();
/** A document (`format`: pdf, txt, md, html, csv, doc, docx, xls, xlsx); `name` only letters, digits, single spaces, - ( ) [ ]. */
const documentSchema = z.object({ format: z.string(), name: z.string(), source: z.object({ bytes: z.string() }).loose() }).loose();
/** A prompt-cache checkpoint: the prompt up to here is cached (`ttl`: 5m by default, 1h on the Claude models that offer it). */
const cachePointSchema = z.object({ type: z.literal('default'), ttl: z.enum(['5m', '1h']).optional() }).loose();
export type BedrockCachePoint = z.output<typeof cachePointSchema>;

/** Claude's reasoning: its text with the signature, or the redacted bytes (base64 in JSON). */
export const bedrockReasoningContentSchema = z
  .object({
    reasoningText: z.object({ text: z.string(), signature: z.string().optional() }).loose().optional(),
    redactedContent: z.string().optional(),
  })
  .loose();

export const bedrockContentBlockSchema = z
  .object({
    text: z.string().optional(),
    image: imageSchema.optional(),
    document: documentSchema.optional(),
    toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).loose().optional(),
    toolResult: z
      .object({
        toolUseId: z.string(),
        content: z.array(
          z.object({ text: z.string().optional(), json: z.unknown().optional(), image: imageSchema.optional(), document: documentSchema.optional() }).loose(),
        ),
        status: z.enum(['success', 'error']).optional(),
      })
      .loose()
      .optional(),
    reasoningContent: bedrockReasoningContentSchema.optional(),
    cachePoint: cachePointSchema.optional(),
  })
  .loose();
export type BedrockContentBlock = z.output<typeof bedrockContentBlockSchema>;

export interface BedrockMessage {
  role: 'user' | 'assistant';
  content: BedrockContentBlock[];
}

export interface BedrockConverseRequest {
  messages: BedrockMessage[];
  /** Cache checkpoints (`cachePoint`) go after the blocks, tools and system text they close. */
  system?: ({ text: string } | { cachePoint: BedrockCachePoint })[];
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: {
    tools: ({ toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } } } | { cachePoint: BedrockCachePoint })[];
    toolChoice?: { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };
  };
  /** Model-specific fields, e.g. Claude's `thinking`. */
  additionalModelRequestFields?: Record<string, unknown>;
}

export const bedrockUsageSchema = z
  .object({
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    totalTokens: z.number().int().optional(),
    cacheReadInputTokens: z.number().int().optional(),
    cacheWriteInputTokens: z.number().int().optional(),
    /** The cache writes split by TTL (`5m`, `1h`), 1h first; empty or absent without writes. */
    cacheDetails: z.array(z.object({ ttl: z.string(), inputTokens: z.number().int().nonnegative() }).loose()).optional(),
  })
  .loose();
export type BedrockUsage = z.output<typeof bedrockUsageSchema>;

export const bedrockConverseResponseSchema = z
  .object({
    output: z.object({ message: z.object({ role: z.literal('assistant'), content: z.array(bedrockContentBlockSchema) }).loose() }).loose(),
    stopReason: z.string(),
    usage: bedrockUsageSchema,
    metrics: z.object({ latencyMs: z.number() }).loose().optional(),
  })
  .loose();
export type BedrockConverseResponse = z.output<typeof bedrockConverseResponseSchema>;

/** Payloads of the ConverseStream events, keyed by the `:event-type` header. */
export const bedrockStreamEventSchemas = {
  messageStart: z.object({ role: z.string() }).loose(),
  contentBlockStart: z
    .object({
      contentBlockIndex: z.number().int(),
      start: z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string() }).loose().optional() }).loose(),
    })
    .loose(),
  contentBlockDelta: z
    .object({
      contentBlockIndex: z.number().int(),
      delta: z
        .object({
          text: z.string().optional(),
          toolUse: z.object({ input: z.string() }).loose().optional(),
          reasoningContent: z.object({ text: z.string().optional(), signature: z.string().optional(), redactedContent: z.string().optional() }).loose().optional(),
        })
        .loose(),
    })
    .loose(),
  contentBlockStop: z.object({ contentBlockIndex: z.number().int() }).loose(),
  messageStop: z.object({ stopReason: z.string() }).loose(),
  metadata: z.object({ usage: bedrockUsageSchema }).loose(),
} as const;
