import type { AnthropicMessage, AnthropicStopReason, AnthropicUsage, BlockOrder, ChatUsage, CitedRange, OpenAiChatCompletion, OpenAiFinishReason, OpenAiToolCall, ThinkingBlock } from '@sluice/contracts';
import { nowSeconds, usageOf } from '../core/canonical';
import { JSON_RESPONSE_TOOL } from '../core/json-response-tool';
import { blockOrderOf, type BlockSlot } from '../core/block-order';

export function finishReasonOf(stop: AnthropicStopReason | null | undefined, usedTools: boolean): OpenAiFinishReason | null {
  switch (stop) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return usedTools ? 'tool_calls' : 'stop';
    case 'refusal':
      return 'content_filter';
    default:
      return null;
  }
}

/** Which stop sequence ended the message, in the canonical (vLLM-style) `stop_reason` field; nothing otherwise. */
export function matchedStopSequence(stop: AnthropicStopReason | null | undefined, sequence: string | null | undefined): { stop_reason?: string } {
  return stop === 'stop_sequence' && typeof sequence === 'string' ? { stop_reason: sequence } : {};
}

/** Anthropic counts cached input apart; OpenAI's prompt_tokens includes it. The 1-hour part of the cache writes is kept (priced apart). */
export function usageFromAnthropic(usage: Partial<AnthropicUsage>): ChatUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? undefined;
  return usageOf((usage.input_tokens ?? 0) + cacheRead + cacheWrite, usage.output_tokens ?? 0, cacheRead, cacheWrite, 0, oneHour);
}

/**
 * Anthropic Messages response → canonical chat completion. Thinking blocks are kept whole in
 * `thinking_blocks` (for Anthropic clients and for the next turn) and their text joined in
 * `reasoning_content` (what OpenAI-format clients read). Thinking tokens are in output_tokens already.
 * Text blocks are joined in `content`; those with citations are `citations` ranges of it.
 */
export function fromAnthropicMessage(message: AnthropicMessage): OpenAiChatCompletion {
  let text = '';
  const toolCalls: OpenAiToolCall[] = [];
  const thinking: ThinkingBlock[] = [];
  const citations: CitedRange[] = [];
  for (const block of message.content) {
    if (block.type === 'thinking' || block.type === 'redacted_thinking') thinking.push(block);
    else if (block.type === 'text') {
      if (block.citations?.length) citations.push({ start: text.length, end: text.length + block.text.length, citations: block.citations });
      text += block.text;
    }
    else if (block.type === 'tool_use' && block.name === JSON_RESPONSE_TOOL) text += JSON.stringify(block.input);
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
  }
  return {
    id: message.id,
    object: 'chat.completion',
    created: nowSeconds(),
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || (toolCalls.length ? null : ''),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
          ...reasoningFields(thinking),
          ...(thinking.length ? blockOrderField(message.content) : {}),
          ...(citations.length ? { citations } : {}),
        },
        finish_reason: finishReasonOf(message.stop_reason, toolCalls.length > 0),
        ...matchedStopSequence(message.stop_reason, message.stop_sequence),
      },
    ],
    usage: usageFromAnthropic(message.usage),
    ...serviceTierFromAnthropic(message.usage.service_tier),
  };
}

/** Claude's block order when interleaved thinking made it one the separate fields cannot say. */
function blockOrderField(content: AnthropicMessage['content']): { block_order?: BlockOrder } {
  const order = blockOrderOf(content, (block): BlockSlot | null => {
    if (block.type === 'thinking' || block.type === 'redacted_thinking') return 'thinking';
    if (block.type === 'text') return block.text.length;
    if (block.type !== 'tool_use') return null;
    return block.name === JSON_RESPONSE_TOOL ? JSON.stringify(block.input).length : 'tool_use';
  });
  return order ? { block_order: order } : {};
}

/** The tier Anthropic says served the request, in OpenAI's words (`standard` → `default`). */
export function serviceTierFromAnthropic(tier: string | null | undefined): { service_tier?: string } {
  if (!tier) return {};
  return { service_tier: tier === 'standard' ? 'default' : tier };
}

/** `reasoning_content` (the joined thinking text) and `thinking_blocks`, or nothing when the model did not think. */
export function reasoningFields(blocks: ThinkingBlock[]): { reasoning_content?: string; thinking_blocks?: ThinkingBlock[] } {
  if (!blocks.length) return {};
  const text = blocks.map((block) => (block.type === 'thinking' ? block.thinking : '')).join('');
  return { ...(text ? { reasoning_content: text } : {}), thinking_blocks: blocks };
}
