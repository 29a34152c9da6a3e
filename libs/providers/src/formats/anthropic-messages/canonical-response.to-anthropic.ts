import {
  citedTextBlocks,
  citedTextPieces,
  usableCitedRanges,
  type AnthropicContentBlock,
  type AnthropicMessage,
  type AnthropicStopReason,
  type AnthropicUsage,
  type ChatUsage,
  type CitedRange,
  type CitedTextPiece,
  type OpenAiChatCompletion,
  type OpenAiFinishReason,
  type OpenAiToolCall,
} from '@sluice/contracts';
import { inBlockOrder } from '../../core/block-order';
import { TranslationError } from '../../core/errors';

/** The canonical end of a choice as Anthropic's `stop_reason` and `stop_sequence`. */
export function anthropicStopOf(
  reason: OpenAiFinishReason | null | undefined,
  matched: string | number | null | undefined,
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  if (reason === 'stop' && typeof matched === 'string') return { stop_reason: 'stop_sequence', stop_sequence: matched };
  return { stop_reason: stopReasonOf(reason), stop_sequence: null };
}

export function stopReasonOf(reason: OpenAiFinishReason | null | undefined): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** OpenAI prompt_tokens include cached input; Anthropic reports cache reads/writes apart, and the writes by TTL when the upstream did. */
export function anthropicUsageOf(usage: ChatUsage | null | undefined): AnthropicUsage {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  const created = usage?.prompt_tokens_details?.cache_creation_tokens ?? 0;
  const oneHour = usage?.prompt_tokens_details?.cache_creation_1h_tokens;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached - created),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: created,
    cache_read_input_tokens: cached,
    ...(oneHour !== undefined ? { cache_creation: { ephemeral_5m_input_tokens: Math.max(0, created - oneHour), ephemeral_1h_input_tokens: oneHour } } : {}),
  };
}

export function toolInput(args: string): Record<string, unknown> {
  if (!args.trim()) return {};
  const value: unknown = JSON.parse(args);
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new TranslationError('The model returned tool arguments that are not a JSON object.', 'invalid_tool_arguments');
}

export function anthropicMessageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id.replace(/^chatcmpl-/, '')}`;
}

function toolUse(call: OpenAiToolCall): AnthropicContentBlock {
  return { type: 'tool_use', id: call.id, name: call.function.name, input: toolInput(call.function.arguments) };
}

function textBlock(piece: CitedTextPiece): AnthropicContentBlock {
  return piece.citations ? { type: 'text', text: piece.text, citations: piece.citations } : { type: 'text', text: piece.text };
}

/** The blocks in Claude's interleaved order, each text slot cut at the citations inside it; null when the order does not fit. */
function orderedBlocks(
  order: NonNullable<OpenAiChatCompletion['choices'][number]['message']['block_order']>,
  thinking: Parameters<typeof inBlockOrder>[1],
  text: string,
  toolCalls: OpenAiToolCall[],
  citations: CitedRange[] | undefined,
): AnthropicContentBlock[] | null {
  const ranges = usableCitedRanges(citations, text.length);
  // Ranges that no longer fit the text: all the citations on its first block (as `citedTextBlocks` does).
  let unplaced = !ranges && citations?.length ? citations.flatMap((range) => range.citations) : undefined;
  let offset = 0;
  const slots = inBlockOrder<AnthropicContentBlock[]>(order, thinking, text, toolCalls, {
    thinking: (block) => [block],
    text: (slot) => {
      const pieces: CitedTextPiece[] = ranges ? citedTextPieces(slot, offset, ranges, offset + slot.length === text.length) : [{ text: slot, ...(unplaced ? { citations: unplaced } : {}) }];
      unplaced = undefined;
      offset += slot.length;
      return pieces.map(textBlock);
    },
    toolUse: (call) => [toolUse(call)],
  });
  return slots ? slots.flat() : null;
}

/** A canonical chat completion → an Anthropic Messages response (first choice). */
export function canonicalToAnthropicResponse(response: OpenAiChatCompletion, model: string = response.model): AnthropicMessage {
  const choice = response.choices[0];
  // Claude puts its reasoning first; the blocks come back exactly as the upstream sent them. Another
  // upstream's reasoning text (Gemini's thought summaries) is an unsigned thinking block, as in streams.
  const thinking = choice?.message.thinking_blocks ?? (choice?.message.reasoning_content ? [{ type: 'thinking' as const, thinking: choice.message.reasoning_content }] : []);
  // Interleaved thinking: Claude's own order (the client sends the turn back as it got it).
  const order = choice?.message.block_order;
  const text = choice?.message.content ?? '';
  const citations = choice?.message.citations;
  let content = order ? orderedBlocks(order, thinking, text, choice.message.tool_calls ?? [], citations) : null;
  if (!content) {
    content = [...thinking];
    // Claude's text blocks, cut where its citations begin and end (one block without any).
    if (text) content.push(...citedTextBlocks(text, citations).map(textBlock));
    for (const call of choice?.message.tool_calls ?? []) content.push(toolUse(call));
  }
  return {
    id: anthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model,
    content,
    ...anthropicStopOf(choice?.finish_reason, choice?.stop_reason),
    usage: anthropicUsageOf(response.usage),
  };
}
