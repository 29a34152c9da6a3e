import type {
  BedrockCachePoint,
  BedrockContentBlock,
  BedrockConverseRequest,
  BedrockMessage,
  OpenAiAssistantMessage,
  OpenAiChatMessage,
  OpenAiChatRequest,
  OpenAiDocumentPart,
  OpenAiTextPart,
  OpenAiToolCall,
  OpenAiToolContentPart,
  OpenAiUserContentPart,
  ThinkingBlock,
} from '@sluice/contracts';
import { maxTokensOf, parseDataUri, parseToolArguments, rejectUnsupportedOptions, stopSequencesOf, textOf } from '../core/canonical';
import { TranslationError } from '../core/errors';
import { inBlockOrder } from '../core/block-order';
import { markedTextParts, textMarkerPositions } from '../core/assistant-cache-markers';
import { JSON_OBJECT_INSTRUCTION, JSON_RESPONSE_TOOL, jsonResponseToolFor } from '../core/json-response-tool';
import { claudeThinkingOf, thinkingIsOn } from '../core/thinking';
import { BEDROCK_FORWARDED_BETAS, forwardedAnthropicBetas, hasInterleavedThinking } from '../core/anthropic-betas';
import type { ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { cachePointOf, cachePointSupport, type CachePointSupport } from './bedrock-cache-points';

const IMAGE_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);
/** The answer's share of max_tokens when a thinking Claude request sets none (the budget comes on top). */
const BEDROCK_CLAUDE_DEFAULT_MAX_TOKENS = 4096;

/** Claude on Bedrock (`anthropic.claude-…`, also behind a region prefix or an inference-profile ARN) thinks and reads documents like Claude. */
export function isBedrockClaude(upstreamModel: string): boolean {
  return /anthropic\.claude/i.test(upstreamModel);
}

/** Converse's rules for a document name: letters, digits, single spaces, hyphens, parentheses and square brackets. */
function documentName(title: string | null | undefined, names: Set<string>): string {
  const base = (title ?? '').replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim() || 'document';
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base} (${n})`;
  names.add(name);
  return name;
}

class ContentMapper {
  private readonly documentNames = new Set<string>();

  /** `cache`: where the model takes cache points (null: `cache_control` markers are dropped). */
  constructor(
    private readonly label: string,
    readonly cache: CachePointSupport | null,
  ) {}

  /** The cache point a part's `cache_control` asks for, to go right after the part's block. */
  cachePoint(marker: unknown): { cachePoint: BedrockCachePoint } | null {
    return this.cache && marker ? cachePointOf(marker, this.cache, this.label) : null;
  }

  private fail(message: string): TranslationError {
    return new TranslationError(`Provider ${this.label} ${message}`, 'unsupported_content', 'messages');
  }

  image(url: string): BedrockContentBlock {
    const data = parseDataUri(url);
    if (!data) throw this.fail('cannot fetch image URLs; send the image as a data: URI.');
    const format = data.mediaType.split('/')[1]?.replace('jpg', 'jpeg') ?? '';
    if (!IMAGE_FORMATS.has(format)) throw this.fail(`cannot read ${data.mediaType} images.`);
    return { image: { format, source: { bytes: data.data } } };
  }

  document(part: OpenAiDocumentPart): BedrockContentBlock {
    const { source } = part;
    const name = () => documentName(part.title, this.documentNames);
    if (source.type === 'base64' && source.media_type === 'application/pdf') return { document: { format: 'pdf', name: name(), source: { bytes: source.data } } };
    if (source.type === 'text') return { document: { format: 'txt', name: name(), source: { bytes: Buffer.from(source.data, 'utf8').toString('base64') } } };
    const what = source.type === 'base64' ? `${source.media_type} documents` : `documents with a '${source.type}' source`;
    throw this.fail(`cannot take ${what}; send a base64 PDF or a text document.`);
  }

  user(part: OpenAiUserContentPart): BedrockContentBlock {
    if (part.type === 'text') return { text: part.text };
    if (part.type === 'image_url') return this.image(part.image_url.url);
    if (part.type === 'document') return this.document(part);
    if (part.type === 'file' && typeof part.file.file_data === 'string' && parseDataUri(part.file.file_data)?.mediaType === 'application/pdf') {
      const title = typeof part.file.filename === 'string' ? part.file.filename : null;
      return this.document({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: parseDataUri(part.file.file_data)!.data }, title });
    }
    throw this.fail(`cannot take '${part.type}' content parts.`);
  }

  toolResult(content: string | OpenAiToolContentPart[]): BedrockContentBlock[] {
    if (typeof content === 'string') return [{ text: content }];
    return content.map((part) => {
      if (part.type === 'text') return { text: part.text };
      if (part.type === 'image_url') return this.image(part.image_url.url);
      return this.document(part);
    });
  }
}

/** Claude's reasoning blocks as Converse `reasoningContent`, unchanged (Claude checks the signatures). */
function reasoningBlock(block: ThinkingBlock): BedrockContentBlock {
  if (block.type === 'redacted_thinking') return { reasoningContent: { redactedContent: block.data } };
  return { reasoningContent: { reasoningText: { text: block.thinking, ...(block.signature !== undefined ? { signature: block.signature } : {}) } } };
}

function toolUseBlock(call: OpenAiToolCall, label: string): BedrockContentBlock {
  return { toolUse: { toolUseId: call.id, name: call.function.name, input: parseToolArguments(call, label) } };
}

/** A cachePoint after each assistant text or toolUse block an Anthropic client marked. */
function withAssistantCachePoints(message: OpenAiAssistantMessage, blocks: BedrockContentBlock[], content: ContentMapper): BedrockContentBlock[] {
  if (!content.cache) return blocks;
  const textMarkers = textMarkerPositions(message.content, blocks, (block) => (block.toolUse || block.reasoningContent ? undefined : block.text));
  const callMarkers = new Map((message.tool_calls ?? []).filter((call) => call.cache_control !== undefined).map((call) => [call.id, call.cache_control]));
  if (textMarkers.size === 0 && callMarkers.size === 0) return blocks;
  return blocks.flatMap((block, index) => {
    const point = content.cachePoint(textMarkers.get(index) ?? (block.toolUse ? callMarkers.get(block.toolUse.toolUseId) : undefined));
    return point ? [block, point] : [block];
  });
}

function toMessage(message: OpenAiChatMessage, content: ContentMapper, label: string): BedrockMessage {
  switch (message.role) {
    case 'user': {
      if (typeof message.content === 'string') return { role: 'user', content: [{ text: message.content }] };
      const blocks: BedrockContentBlock[] = [];
      for (const part of message.content) {
        blocks.push(content.user(part));
        const point = content.cachePoint(part.cache_control);
        if (point) blocks.push(point);
      }
      return { role: 'user', content: blocks };
    }
    case 'assistant': {
      const text = Array.isArray(message.content) ? message.content.map((p) => (p.type === 'text' ? p.text : p.refusal)).join('') : (message.content ?? '');
      // Interleaved thinking: the blocks in Claude's order, which its signatures depend on.
      const ordered = message.block_order && inBlockOrder<BedrockContentBlock>(message.block_order, message.thinking_blocks ?? [], text, message.tool_calls ?? [], { thinking: reasoningBlock, text: (t) => ({ text: t }), toolUse: (call) => toolUseBlock(call, label) });
      if (ordered) return { role: 'assistant', content: withAssistantCachePoints(message, ordered, content) };
      const blocks: BedrockContentBlock[] = (message.thinking_blocks ?? []).map(reasoningBlock);
      const parts = markedTextParts(message.content);
      if (parts) blocks.push(...parts.filter((part) => part.text).map((part) => ({ text: part.text })));
      else if (text) blocks.push({ text });
      for (const call of message.tool_calls ?? []) blocks.push(toolUseBlock(call, label));
      return { role: 'assistant', content: withAssistantCachePoints(message, blocks, content) };
    }
    case 'tool': {
      const blocks: BedrockContentBlock[] = [{ toolResult: { toolUseId: message.tool_call_id, content: content.toolResult(message.content), ...(message.is_error ? { status: 'error' as const } : {}) } }];
      // A cache point cannot sit inside a tool result: the marked result, or a marked part of it, caches the whole result.
      const marker = message.cache_control ?? (typeof message.content !== 'string' ? message.content.find((p) => p.cache_control)?.cache_control : undefined);
      const point = content.cache ? content.cachePoint(marker) : null;
      if (point) blocks.push(point);
      return { role: 'user', content: blocks };
    }
    default:
      throw new TranslationError(`Provider ${label} cannot take '${message.role}' messages here.`, 'unsupported_content', 'messages');
  }
}

function mergeTurns(messages: BedrockMessage[]): BedrockMessage[] {
  const out: BedrockMessage[] = [];
  for (const message of messages) {
    const last = out.at(-1);
    if (last && last.role === message.role) last.content = [...last.content, ...message.content];
    else out.push({ role: message.role, content: [...message.content] });
  }
  return out;
}

type SystemBlock = NonNullable<BedrockConverseRequest['system']>[number];

/** A system message as one text block; with cache markers, split after each marked part for its cache point. */
function addSystem(system: SystemBlock[], text: string | OpenAiTextPart[], content: ContentMapper): void {
  if (typeof text === 'string' || !content.cache || !text.some((part) => part.cache_control)) {
    system.push({ text: textOf(text) });
    return;
  }
  let pending = '';
  for (const part of text) {
    pending += part.text;
    const point = content.cachePoint(part.cache_control);
    if (!point) continue;
    if (pending) system.push({ text: pending });
    pending = '';
    const last = system.at(-1);
    if (last && !('cachePoint' in last)) system.push(point);
  }
  if (pending) system.push({ text: pending });
}

type ToolConfig = NonNullable<BedrockConverseRequest['toolConfig']>;

function toolConfigOf(request: OpenAiChatRequest, messages: BedrockMessage[], content: ContentMapper, label: string, thinking: boolean): ToolConfig | undefined {
  const tools: ToolConfig['tools'] = [];
  for (const tool of request.tools ?? []) {
    tools.push({
      toolSpec: {
        name: tool.function.name,
        ...(tool.function.description ? { description: tool.function.description } : {}),
        inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
      },
    });
    const point = content.cache?.tools ? content.cachePoint(tool.cache_control) : null;
    if (point) tools.push(point);
  }
  const jsonTool = jsonResponseToolFor(request);
  if (jsonTool) tools.push({ toolSpec: { name: jsonTool.name, description: jsonTool.description, inputSchema: { json: jsonTool.schema } } });
  if (!tools.length) return undefined;
  const choice = request.tool_choice;
  if (choice === 'none') {
    // Converse has no "none": leave the tools out, which it accepts only without tool history.
    if (messages.some((m) => m.content.some((b) => b.toolUse || b.toolResult))) {
      throw new TranslationError(`Provider ${label} cannot take tool_choice 'none' in a conversation that already used tools.`, 'unsupported_parameter', 'tool_choice');
    }
    return undefined;
  }
  const config: ToolConfig = { tools };
  // Claude refuses forced tool use while thinking: the JSON tool is then asked for in words (system).
  if (jsonTool && !request.tools?.length) {
    if (!thinking) config.toolChoice = { tool: { name: jsonTool.name } };
  }
  else if (choice === 'required') config.toolChoice = { any: {} };
  else if (choice === 'auto') config.toolChoice = { auto: {} };
  else if (choice && typeof choice === 'object') config.toolChoice = { tool: { name: choice.function.name } };
  return config;
}

/** Canonical chat request → Bedrock Converse body. */
export function toConverseRequest(request: OpenAiChatRequest, target: ProviderTarget): BedrockConverseRequest {
  const label = providerLabel(target);
  rejectUnsupportedOptions(request, label, {});
  const system: SystemBlock[] = [];
  const turns: BedrockMessage[] = [];
  const content = new ContentMapper(label, cachePointSupport(target.deployment.upstreamModel));
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') addSystem(system, message.content, content);
    else turns.push(toMessage(message, content, label));
  }
  if (request.response_format?.type === 'json_object') system.push({ text: JSON_OBJECT_INSTRUCTION });
  // Only Claude thinks through Converse (`additionalModelRequestFields.thinking`) and takes betas (`anthropic_beta`); other models answer without.
  const claude = isBedrockClaude(target.deployment.upstreamModel);
  const betas = claude ? forwardedAnthropicBetas(request, target.provider, BEDROCK_FORWARDED_BETAS) : [];
  const thinking = claude
    ? claudeThinkingOf(request, maxTokensOf(request), Number(target.provider.options.defaultMaxTokens ?? BEDROCK_CLAUDE_DEFAULT_MAX_TOKENS), { interleaved: hasInterleavedThinking(betas) })
    : null;
  const thinks = thinkingIsOn(thinking);
  if (thinks && jsonResponseToolFor(request) && !request.tools?.length) system.push({ text: `Give your final answer by calling the ${JSON_RESPONSE_TOOL} tool.` });
  const messages = mergeTurns(turns);
  const out: BedrockConverseRequest = { messages };
  if (system.length) out.system = system;
  const inference: NonNullable<BedrockConverseRequest['inferenceConfig']> = {};
  const max = thinking?.maxTokens ?? maxTokensOf(request);
  if (max != null) inference.maxTokens = max;
  if (request.temperature != null) inference.temperature = Math.min(request.temperature, 1);
  if (request.top_p != null) inference.topP = request.top_p;
  const stop = stopSequencesOf(request);
  if (stop) inference.stopSequences = stop;
  if (Object.keys(inference).length) out.inferenceConfig = inference;
  const toolConfig = toolConfigOf(request, messages, content, label, thinks);
  if (toolConfig) out.toolConfig = toolConfig;
  const additional = { ...(thinking ? { thinking: thinking.thinking } : {}), ...(betas.length ? { anthropic_beta: betas } : {}) };
  if (Object.keys(additional).length) out.additionalModelRequestFields = additional;
  return out;
}
