import type {
  AnthropicContentBlock,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  OpenAiChatMessage,
  OpenAiChatRequest,
  OpenAiTextPart,
  OpenAiToolChoice,
  OpenAiToolContentPart,
  OpenAiUserContentPart,
  ThinkingBlock,
} from '@sluice/contracts';
import { toDataUri } from '../../core/canonical';
import { TranslationError } from '../../core/errors';
import { assertThinkingRules } from '../../core/thinking';
import { hasInterleavedThinking } from '../../core/anthropic-betas';
import { blockOrderOf, type BlockSlot } from '../../core/block-order';

function unsupported(what: string): TranslationError {
  return new TranslationError(`Sluice cannot translate ${what} from the Anthropic Messages format.`, 'unsupported_content', 'messages');
}

function imagePart(block: Extract<AnthropicContentBlock, { type: 'image' }>): OpenAiUserContentPart & { type: 'image_url' } {
  const url = block.source.type === 'base64' ? toDataUri(block.source.media_type, block.source.data) : block.source.url;
  return { type: 'image_url', image_url: { url }, ...(block.cache_control ? { cache_control: block.cache_control } : {}) };
}

function userPart(block: AnthropicContentBlock): OpenAiUserContentPart {
  if (block.type === 'text') return { type: 'text', text: block.text, ...(block.cache_control ? { cache_control: block.cache_control } : {}) };
  if (block.type === 'image') return imagePart(block);
  // Carried whole; providers that cannot read documents refuse them with a 400 naming themselves.
  if (block.type === 'document') return block;
  throw unsupported(`'${block.type}' blocks in user turns`);
}

function toolResultContent(content: Extract<AnthropicContentBlock, { type: 'tool_result' }>['content']): string | OpenAiToolContentPart[] {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((block): OpenAiToolContentPart => {
    if (block.type === 'text') return { type: 'text', text: block.text, ...(block.cache_control ? { cache_control: block.cache_control } : {}) };
    if (block.type === 'image') return imagePart(block);
    return block;
  });
}

function userMessages(message: AnthropicMessageParam): OpenAiChatMessage[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const out: OpenAiChatMessage[] = [];
  const parts: OpenAiUserContentPart[] = [];
  for (const block of message.content) {
    if (block.type === 'tool_result') {
      out.push({
        role: 'tool',
        tool_call_id: block.tool_use_id,
        content: toolResultContent(block.content),
        ...(block.is_error !== undefined ? { is_error: block.is_error } : {}),
        ...(block.cache_control ? { cache_control: block.cache_control } : {}),
      });
    } else parts.push(userPart(block));
  }
  if (parts.length) out.push({ role: 'user', content: parts });
  return out;
}

/** A block of an Anthropic client's assistant turn in `block_order`. */
function slotOf(block: AnthropicContentBlock): BlockSlot {
  if (block.type === 'text') return block.text.length;
  return block.type === 'tool_use' ? 'tool_use' : 'thinking';
}

/**
 * An assistant turn: text, tool calls and the turn's thinking blocks, which travel whole (with
 * their signatures) so that Claude can check them when a tool-use turn continues; with interleaved
 * thinking, `block_order` keeps the client's order (Claude refuses thinking blocks moved). Cache
 * markers stay with their blocks: a marked text block makes the content text parts, a marked
 * tool_use block's marker rides on its tool call.
 */
function assistantMessage(message: AnthropicMessageParam): OpenAiChatMessage {
  if (typeof message.content === 'string') return { role: 'assistant', content: message.content };
  let text = '';
  const textParts: OpenAiTextPart[] = [];
  const toolCalls = [];
  const thinking: ThinkingBlock[] = [];
  for (const block of message.content) {
    if (block.type === 'text') {
      text += block.text;
      textParts.push({ type: 'text', text: block.text, ...(block.cache_control ? { cache_control: block.cache_control } : {}) });
    } else if (block.type === 'tool_use') {
      const marker = block.cache_control ? { cache_control: block.cache_control } : {};
      toolCalls.push({ id: block.id, type: 'function' as const, function: { name: block.name, arguments: JSON.stringify(block.input) }, ...marker });
    } else if (block.type === 'thinking' || block.type === 'redacted_thinking') thinking.push(block);
    else throw unsupported(`'${block.type}' blocks in assistant turns`);
  }
  const order = thinking.length ? blockOrderOf(message.content, slotOf) : undefined;
  // A cache marker on a text block keeps the turn's text blocks apart, the marked one carrying it.
  const marked = textParts.some((part) => part.cache_control !== undefined);
  return {
    role: 'assistant',
    content: marked ? textParts : text || null,
    ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
    ...(thinking.length ? { thinking_blocks: thinking } : {}),
    ...(order ? { block_order: order } : {}),
  };
}

function toolChoiceOf(request: AnthropicMessagesRequest): { tool_choice?: OpenAiToolChoice; parallel_tool_calls?: boolean } {
  const choice = request.tool_choice;
  if (!choice) return {};
  // Said either way only when the client said it (Claude's default allows parallel calls).
  const parallel = 'disable_parallel_tool_use' in choice && typeof choice.disable_parallel_tool_use === 'boolean' ? { parallel_tool_calls: !choice.disable_parallel_tool_use } : {};
  switch (choice.type) {
    case 'auto':
      return { tool_choice: 'auto', ...parallel };
    case 'any':
      return { tool_choice: 'required', ...parallel };
    case 'tool':
      return { tool_choice: { type: 'function', function: { name: choice.name } }, ...parallel };
    case 'none':
      return { tool_choice: 'none' };
  }
}

/**
 * An Anthropic Messages request (client format) → the canonical chat request. `betas`: the client's
 * `anthropic-beta` header values, carried in `anthropic_beta` (interleaved thinking lets the budget
 * exceed max_tokens).
 */
export function anthropicToCanonicalRequest(request: AnthropicMessagesRequest, betas: readonly string[] = []): OpenAiChatRequest {
  const messages: OpenAiChatMessage[] = [];
  if (typeof request.system === 'string') messages.push({ role: 'system', content: request.system });
  else if (request.system?.length) {
    messages.push({ role: 'system', content: request.system.map((b) => ({ type: 'text' as const, text: b.text, ...(b.cache_control ? { cache_control: b.cache_control } : {}) })) });
  }
  for (const message of request.messages) {
    if (message.role === 'user') messages.push(...userMessages(message));
    else messages.push(assistantMessage(message));
  }
  const forcesTool = request.tool_choice?.type === 'any' || request.tool_choice?.type === 'tool';
  assertThinkingRules(request.thinking, { ...request, forcesTool, interleaved: hasInterleavedThinking(betas) });
  const out: OpenAiChatRequest = { model: request.model, messages, max_tokens: request.max_tokens };
  if (betas.length) out.anthropic_beta = [...betas];
  // Anthropic's tiers in OpenAI's words; Claude upstreams get them back unchanged.
  if (request.service_tier) out.service_tier = request.service_tier === 'auto' ? 'auto' : 'default';
  if (request.thinking) out.thinking = request.thinking;
  if (request.stop_sequences?.length) out.stop = request.stop_sequences;
  if (request.temperature !== undefined) out.temperature = request.temperature;
  if (request.top_p !== undefined) out.top_p = request.top_p;
  if (request.top_k !== undefined) out.top_k = request.top_k;
  if (request.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (request.metadata?.user_id) out.user = request.metadata.user_id;
  if (request.tools?.length) {
    out.tools = request.tools.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema },
      ...(tool.cache_control ? { cache_control: tool.cache_control } : {}),
    }));
  }
  return { ...out, ...toolChoiceOf(request) };
}
