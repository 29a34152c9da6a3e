import { planMessage, type MessagePlan } from '../anthropic/messages-plan';
import type { MessagesRequest } from '../anthropic/messages-request';
import { interleavedThinkingIsOn, thinkingProblem, thinkingSettingsProblem } from '../anthropic/thinking';
import { PromptPrefixes, type PromptCache } from '../text/prompt-cache';
import { isClaude } from './bedrock-models';
import type { ConverseBlock, ConverseRequest } from './converse-request';

type AnthropicBlock = Record<string, unknown> & { type: string };

const TEXT_FORMATS = new Set(['txt', 'md', 'csv', 'html']);
/** The betas Bedrock takes in `anthropic_beta` (by prefix, without their dates). */
const BEDROCK_BETAS = ['interleaved-thinking-', 'context-1m-', 'token-efficient-tools-', 'output-128k-', 'computer-use-', 'dev-full-thinking-'];
/** Converse's default answer length when `inferenceConfig.maxTokens` is absent. */
const DEFAULT_MAX_TOKENS = 4096;

function documentBlock(document: NonNullable<ConverseBlock['document']>): AnthropicBlock {
  if (TEXT_FORMATS.has(document.format)) {
    return { type: 'document', title: document.name, source: { type: 'text', media_type: 'text/plain', data: Buffer.from(document.source.bytes, 'base64').toString('utf8') } };
  }
  return { type: 'document', title: document.name, source: { type: 'base64', media_type: 'application/pdf', data: document.source.bytes } };
}

function imageBlock(image: NonNullable<ConverseBlock['image']>): AnthropicBlock {
  return { type: 'image', source: { type: 'base64', media_type: `image/${image.format}`, data: image.source.bytes } };
}

/** A Converse block as the Claude Messages block it stands for (Bedrock runs Claude on the same blocks); cachePoints vanish. */
function anthropicBlock(block: ConverseBlock): AnthropicBlock | null {
  if (block.text !== undefined) return { type: 'text', text: block.text };
  if (block.guardContent) return { type: 'text', text: block.guardContent.text.text };
  if (block.image) return imageBlock(block.image);
  if (block.document) return documentBlock(block.document);
  if (block.toolUse) return { type: 'tool_use', id: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input ?? {} };
  if (block.toolResult) {
    const content = block.toolResult.content.map((part): AnthropicBlock => {
      if (part.image) return imageBlock(part.image);
      if (part.document) return documentBlock(part.document);
      return { type: 'text', text: part.text ?? JSON.stringify(part.json ?? null) };
    });
    return { type: 'tool_result', tool_use_id: block.toolResult.toolUseId, content, ...(block.toolResult.status === 'error' ? { is_error: true } : {}) };
  }
  const reasoning = block.reasoningContent;
  if (reasoning?.reasoningText) return { type: 'thinking', thinking: reasoning.reasoningText.text, signature: reasoning.reasoningText.signature };
  if (reasoning?.redactedContent !== undefined) return { type: 'redacted_thinking', data: Buffer.from(reasoning.redactedContent, 'base64').toString('utf8') };
  return null;
}

type ConverseTool = NonNullable<ConverseRequest['toolConfig']>['tools'][number];
type ToolSpec = { name: string; description?: string; inputSchema: { json: Record<string, unknown> } };

function toolSpecOf(tool: ConverseTool): ToolSpec | undefined {
  return 'toolSpec' in tool ? (tool.toolSpec as ToolSpec) : undefined;
}

function betasOf(request: ConverseRequest): string[] {
  const betas = request.additionalModelRequestFields?.anthropic_beta;
  return Array.isArray(betas) ? betas.filter((beta): beta is string => typeof beta === 'string') : [];
}

/** The Claude Messages request a Converse request amounts to: what the mock's Claude plans its answer from. */
export function toMessagesRequest(modelId: string, request: ConverseRequest): MessagesRequest {
  const fields = request.additionalModelRequestFields ?? {};
  const toolChoice = request.toolConfig?.toolChoice;
  const tools = (request.toolConfig?.tools ?? []).flatMap((tool) => {
    const spec = toolSpecOf(tool);
    return spec ? [{ name: spec.name, description: spec.description, input_schema: spec.inputSchema.json }] : [];
  });
  return {
    model: modelId,
    max_tokens: request.inferenceConfig?.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content.flatMap((block) => anthropicBlock(block) ?? []) })),
    ...(request.system ? { system: request.system.flatMap((block) => (block.text !== undefined ? [{ type: 'text' as const, text: block.text }] : [])) } : {}),
    ...(tools.length ? { tools } : {}),
    ...(toolChoice ? { tool_choice: 'auto' in toolChoice ? { type: 'auto' as const } : 'any' in toolChoice ? { type: 'any' as const } : { type: 'tool' as const, name: toolChoice.tool.name } } : {}),
    ...(request.inferenceConfig?.stopSequences ? { stop_sequences: request.inferenceConfig.stopSequences } : {}),
    ...(request.inferenceConfig?.temperature !== undefined ? { temperature: request.inferenceConfig.temperature } : {}),
    ...(typeof fields.top_k === 'number' ? { top_k: fields.top_k } : {}),
    ...(fields.thinking && typeof fields.thinking === 'object' ? { thinking: fields.thinking as MessagesRequest['thinking'] } : {}),
  };
}

/**
 * What the model itself refuses (Bedrock relays it as a ValidationException): Claude's thinking
 * rules and signatures, betas Bedrock does not know; for other models, Claude-only fields.
 */
export function modelRequestProblem(modelId: string, request: ConverseRequest, messages: MessagesRequest): string | null {
  const fields = request.additionalModelRequestFields ?? {};
  if (!isClaude(modelId)) {
    const extraneous = ['thinking', 'anthropic_beta', 'top_k'].find((key) => key in fields);
    return extraneous ? `The model returned the following errors: extraneous key [${extraneous}] is not permitted` : null;
  }
  const unknownBeta = betasOf(request).find((beta) => !BEDROCK_BETAS.some((prefix) => beta.startsWith(prefix)));
  if (unknownBeta) return `invalid beta flag: ${unknownBeta}`;
  const problem = thinkingSettingsProblem(messages, interleavedThinkingIsOn(betasOf(request).join(','))) ?? thinkingProblem(messages);
  return problem ? `The model returned the following errors: ${problem}` : null;
}

/** The prompt's blocks in Claude's cache order (tools, system, messages), with the cachePoints as breakpoints. */
function promptPrefixes(modelId: string, request: ConverseRequest): PromptPrefixes {
  const prefixes = new PromptPrefixes(modelId);
  const breakpoint = (point: { ttl?: '5m' | '1h' }) => prefixes.breakpoint(point.ttl ?? '5m');
  for (const tool of request.toolConfig?.tools ?? []) {
    const spec = toolSpecOf(tool);
    if (spec) prefixes.text(JSON.stringify(spec));
    else if ('cachePoint' in tool) breakpoint(tool.cachePoint as { ttl?: '5m' | '1h' });
  }
  for (const block of request.system ?? []) {
    if (block.text !== undefined) prefixes.text(block.text);
    else if (block.cachePoint) breakpoint(block.cachePoint);
  }
  for (const message of request.messages) {
    prefixes.message(message.role);
    for (const block of message.content) {
      if (block.cachePoint) breakpoint(block.cachePoint);
      else if (block.image || block.document) prefixes.image(JSON.stringify(block));
      else prefixes.text(JSON.stringify(block));
    }
  }
  return prefixes;
}

export interface ConversePlan {
  message: MessagePlan;
  usage: {
    inputTokens: number;
    outputTokens: number;
    totalTokens: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
    cacheDetails?: { ttl: '5m' | '1h'; inputTokens: number }[];
  };
}

/** The mock's answer to a valid Converse request: Claude's plan (thinking, text or tool use) and Bedrock's usage. */
export function planConverse(modelId: string, request: ConverseRequest, messages: MessagesRequest, outputTokens: number | undefined, cache: PromptCache): ConversePlan {
  const message = planMessage(messages, outputTokens, interleavedThinkingIsOn(betasOf(request).join(',')));
  const cached = cache.use(promptPrefixes(modelId, request).boundaries, message.inputTokens);
  const read = cached?.read ?? 0;
  const write = cached?.write ?? 0;
  const inputTokens = message.inputTokens - read - write;
  return {
    message,
    usage: {
      inputTokens,
      outputTokens: message.outputTokens,
      totalTokens: inputTokens + read + write + message.outputTokens,
      ...(cached ? { cacheReadInputTokens: read, cacheWriteInputTokens: write } : {}),
      ...(write ? { cacheDetails: [{ ttl: cached!.ttl, inputTokens: write }] } : {}),
    },
  };
}
