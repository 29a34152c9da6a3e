import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicTextBlock,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
  OpenAiAssistantMessage,
  OpenAiChatMessage,
  OpenAiChatRequest,
  OpenAiToolCall,
  OpenAiToolContentPart,
  OpenAiUserContentPart,
} from '@sluice/contracts';
import { maxTokensOf, parseDataUri, parseToolArguments, rejectUnsupportedOptions, stopSequencesOf } from '../core/canonical';
import { TranslationError } from '../core/errors';
import { JSON_OBJECT_INSTRUCTION, JSON_RESPONSE_TOOL, jsonResponseToolFor } from '../core/json-response-tool';
import { claudeThinkingOf, thinkingIsOn } from '../core/thinking';
import { hasInterleavedThinking } from '../core/anthropic-betas';
import { inBlockOrder } from '../core/block-order';
import { markedTextParts, textMarkerPositions } from '../core/assistant-cache-markers';
import type { ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic.api';

type TextLike = string | readonly { type: 'text'; text: string; cache_control?: unknown }[];

function textBlocks(content: TextLike): AnthropicTextBlock[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.map((part) => ({ type: 'text', text: part.text, ...(part.cache_control ? { cache_control: part.cache_control as AnthropicTextBlock['cache_control'] } : {}) }));
}

function imageBlock(part: Extract<OpenAiUserContentPart, { type: 'image_url' }>): AnthropicContentBlock {
  const data = parseDataUri(part.image_url.url);
  const source = data ? { type: 'base64' as const, media_type: data.mediaType, data: data.data } : { type: 'url' as const, url: part.image_url.url };
  return { type: 'image', source, ...(part.cache_control ? { cache_control: part.cache_control as AnthropicTextBlock['cache_control'] } : {}) };
}

/** An OpenAI `file` part holding a PDF (`file_data` as a data: URI) is a base64 document for Claude. */
function fileDocument(part: Extract<OpenAiUserContentPart, { type: 'file' }>, label: string): AnthropicContentBlock {
  const fileData = typeof part.file.file_data === 'string' ? parseDataUri(part.file.file_data) : null;
  if (!fileData || fileData.mediaType !== 'application/pdf') {
    throw new TranslationError(`Provider ${label} can take a 'file' content part only as a PDF in file_data (a data:application/pdf;base64 URI); file_id is OpenAI's own.`, 'unsupported_content', 'messages');
  }
  const title = typeof part.file.filename === 'string' ? { title: part.file.filename } : {};
  return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: fileData.data }, ...title };
}

function userBlock(part: OpenAiUserContentPart, label: string): AnthropicContentBlock {
  const extra = part.cache_control ? { cache_control: part.cache_control as AnthropicTextBlock['cache_control'] } : {};
  if (part.type === 'text') return { type: 'text', text: part.text, ...extra };
  if (part.type === 'image_url') return imageBlock(part);
  if (part.type === 'document') return part;
  if (part.type === 'file') return fileDocument(part, label);
  throw new TranslationError(`Provider ${label} cannot take '${part.type}' content parts.`, 'unsupported_content', 'messages');
}

function toolResultContent(content: string | OpenAiToolContentPart[]): AnthropicToolResultBlock['content'] {
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type === 'text') return { type: 'text' as const, text: part.text, ...(part.cache_control ? { cache_control: part.cache_control as AnthropicTextBlock['cache_control'] } : {}) };
    if (part.type === 'image_url') return imageBlock(part) as Extract<AnthropicContentBlock, { type: 'image' }>;
    return part;
  });
}

function toolUseBlock(call: OpenAiToolCall, label: string): AnthropicContentBlock {
  const marker = call.cache_control ? { cache_control: call.cache_control as AnthropicTextBlock['cache_control'] } : {};
  return { type: 'tool_use', id: call.id, name: call.function.name, input: parseToolArguments(call, label), ...marker };
}

/** The assistant turn's text-block cache markers put back on the blocks they were on. */
function withTextMarkers(message: OpenAiAssistantMessage, blocks: AnthropicContentBlock[]): AnthropicContentBlock[] {
  const markers = textMarkerPositions(message.content, blocks, (block) => (block.type === 'text' ? block.text : undefined));
  if (markers.size === 0) return blocks;
  return blocks.map((block, index) => (markers.has(index) ? ({ ...block, cache_control: markers.get(index) } as AnthropicContentBlock) : block));
}

function toBlocks(message: OpenAiChatMessage, label: string): AnthropicMessageParam {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: typeof message.content === 'string' ? message.content : message.content.map((p) => userBlock(p, label)) };
    case 'assistant': {
      const thinking = message.thinking_blocks ?? [];
      if (!message.tool_calls?.length && !thinking.length && typeof message.content === 'string') return { role: 'assistant', content: message.content };
      const text = Array.isArray(message.content) ? message.content.map((p) => (p.type === 'text' ? p.text : p.refusal)).join('') : (message.content ?? '');
      // Interleaved thinking: the blocks in Claude's order, which its signatures depend on.
      const ordered = message.block_order && inBlockOrder<AnthropicContentBlock>(message.block_order, thinking, text, message.tool_calls ?? [], { thinking: (b) => b, text: (t) => ({ type: 'text', text: t }), toolUse: (call) => toolUseBlock(call, label) });
      if (ordered) return { role: 'assistant', content: withTextMarkers(message, ordered) };
      // Else the turn's reasoning goes first and unchanged: Claude checks the signatures.
      const blocks: AnthropicContentBlock[] = [...thinking];
      const parts = markedTextParts(message.content);
      if (parts) blocks.push(...parts.filter((part) => part.text).map((part): AnthropicContentBlock => ({ type: 'text', text: part.text })));
      else if (text) blocks.push({ type: 'text', text });
      for (const call of message.tool_calls ?? []) blocks.push(toolUseBlock(call, label));
      return { role: 'assistant', content: withTextMarkers(message, blocks) };
    }
    case 'tool':
      return {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: message.tool_call_id,
            content: toolResultContent(message.content),
            ...(message.is_error !== undefined ? { is_error: message.is_error } : {}),
            ...(message.cache_control ? { cache_control: message.cache_control as AnthropicTextBlock['cache_control'] } : {}),
          },
        ],
      };
    default:
      throw new TranslationError(`Provider ${label} cannot take '${message.role}' messages here.`, 'unsupported_content', 'messages');
  }
}

function asBlocks(content: AnthropicMessageParam['content']): AnthropicContentBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** Anthropic wants alternating turns: consecutive same-role messages (e.g. parallel tool results) are merged. */
function mergeTurns(messages: AnthropicMessageParam[]): AnthropicMessageParam[] {
  const out: AnthropicMessageParam[] = [];
  for (const message of messages) {
    const last = out.at(-1);
    if (last && last.role === message.role) last.content = [...asBlocks(last.content), ...asBlocks(message.content)];
    else out.push({ ...message });
  }
  return out;
}

function toolChoiceOf(request: OpenAiChatRequest): AnthropicToolChoice | undefined {
  const choice = request.tool_choice;
  // `parallel_tool_calls: true` is said explicitly too (Claude's default), so it is visible upstream.
  const noParallel = typeof request.parallel_tool_calls === 'boolean' ? { disable_parallel_tool_use: !request.parallel_tool_calls } : {};
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...noParallel };
  if (choice && typeof choice === 'object') return { type: 'tool', name: choice.function.name, ...noParallel };
  if (choice === 'auto' || typeof request.parallel_tool_calls === 'boolean') return { type: 'auto', ...noParallel };
  return undefined;
}

/**
 * OpenAI's tiers as Anthropic's: `auto` and `priority` may use Priority Tier capacity (`auto`),
 * `default` and `flex` stay on standard capacity (`standard_only`); `scale` has no equivalent.
 */
function anthropicServiceTierOf(tier: string | null | undefined): AnthropicMessagesRequest['service_tier'] {
  if (tier === 'auto' || tier === 'priority') return 'auto';
  if (tier === 'default' || tier === 'flex') return 'standard_only';
  return undefined;
}

/** Canonical chat request → Anthropic Messages request; `betas`: the `anthropic-beta` values sent with it. */
export function toAnthropicRequest(request: OpenAiChatRequest, target: ProviderTarget, betas: readonly string[] = []): AnthropicMessagesRequest {
  const label = providerLabel(target);
  rejectUnsupportedOptions(request, label, {});
  const system: AnthropicTextBlock[] = [];
  let systemIsPlain = true;
  const turns: AnthropicMessageParam[] = [];
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') {
      systemIsPlain &&= typeof message.content === 'string';
      system.push(...textBlocks(message.content));
    } else {
      turns.push(toBlocks(message, label));
    }
  }
  if (request.response_format?.type === 'json_object') system.push({ type: 'text', text: JSON_OBJECT_INSTRUCTION });
  const defaultMaxTokens = Number(target.provider.options.defaultMaxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS);
  const thinking = claudeThinkingOf(request, maxTokensOf(request), defaultMaxTokens, { interleaved: hasInterleavedThinking(betas) });
  const jsonTool = jsonResponseToolFor(request);
  // Claude refuses forced tool use while thinking: the JSON tool is asked for in words instead.
  if (jsonTool && thinkingIsOn(thinking) && !request.tools?.length) system.push({ type: 'text', text: `Give your final answer by calling the ${JSON_RESPONSE_TOOL} tool.` });
  const out: AnthropicMessagesRequest = {
    model: target.deployment.upstreamModel,
    messages: mergeTurns(turns),
    max_tokens: thinking?.maxTokens ?? maxTokensOf(request) ?? defaultMaxTokens,
  };
  if (thinking) out.thinking = thinking.thinking;
  if (system.length) out.system = systemIsPlain && system.length === 1 ? system[0].text : system;
  const stop = stopSequencesOf(request);
  if (stop) out.stop_sequences = stop;
  // Anthropic's temperature range is 0–1; OpenAI's 0–2 is clamped.
  if (request.temperature != null) out.temperature = Math.min(request.temperature, 1);
  if (request.top_p != null) out.top_p = request.top_p;
  if (typeof request.top_k === 'number') out.top_k = request.top_k;
  if (request.stream) out.stream = true;
  // OpenAI's safety_identifier (or the older user) is the end user Anthropic's metadata.user_id names.
  const endUser = request.safety_identifier ?? request.user;
  if (endUser) out.metadata = { user_id: endUser };
  const serviceTier = anthropicServiceTierOf(request.service_tier);
  if (serviceTier) out.service_tier = serviceTier;
  if (request.tools?.length) {
    out.tools = request.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
      ...(tool.cache_control ? { cache_control: tool.cache_control } : {}),
    }));
  }
  const toolChoice = toolChoiceOf(request);
  if (toolChoice && out.tools) out.tool_choice = toolChoice;
  if (jsonTool) {
    const forced = !out.tools && !thinkingIsOn(thinking);
    out.tools = [...(out.tools ?? []), { name: jsonTool.name, description: jsonTool.description, input_schema: jsonTool.schema }];
    if (forced) out.tool_choice = { type: 'tool', name: jsonTool.name };
  }
  return out;
}
