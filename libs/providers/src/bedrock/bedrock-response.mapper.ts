import type { BedrockContentBlock, BedrockConverseResponse, BedrockUsage, BlockOrder, ChatUsage, OpenAiChatCompletion, OpenAiFinishReason, OpenAiToolCall, ThinkingBlock } from '@sluice/contracts';
import { reasoningFields } from '../anthropic/anthropic-response.mapper';
import { newId, nowSeconds, usageOf } from '../core/canonical';
import { JSON_RESPONSE_TOOL } from '../core/json-response-tool';
import { blockOrderOf, type BlockSlot } from '../core/block-order';

export function finishReasonOf(stopReason: string, usedTools: boolean): OpenAiFinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return usedTools ? 'tool_calls' : 'stop';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Bedrock's usage; its `cacheDetails` split gives the 1-hour writes, billed at the 1-hour cache-write price. */
export function usageFromBedrock(usage: BedrockUsage): ChatUsage {
  const read = usage.cacheReadInputTokens ?? 0;
  const write = usage.cacheWriteInputTokens ?? 0;
  const oneHour = usage.cacheDetails?.length ? usage.cacheDetails.reduce((sum, detail) => sum + (detail.ttl === '1h' ? detail.inputTokens : 0), 0) : undefined;
  return usageOf(usage.inputTokens + read + write, usage.outputTokens, read, write, 0, oneHour);
}

function outputOf(content: BedrockContentBlock[]): { text: string; toolCalls: OpenAiToolCall[]; thinking: ThinkingBlock[]; block_order?: BlockOrder } {
  let text = '';
  const toolCalls: OpenAiToolCall[] = [];
  const thinking: ThinkingBlock[] = [];
  for (const block of content) {
    const reasoning = block.reasoningContent;
    if (reasoning?.reasoningText) thinking.push({ type: 'thinking', thinking: reasoning.reasoningText.text, ...(reasoning.reasoningText.signature !== undefined ? { signature: reasoning.reasoningText.signature } : {}) });
    else if (reasoning?.redactedContent !== undefined) thinking.push({ type: 'redacted_thinking', data: reasoning.redactedContent });
    else if (block.text !== undefined) text += block.text;
    else if (block.toolUse?.name === JSON_RESPONSE_TOOL) text += JSON.stringify(block.toolUse.input);
    else if (block.toolUse) {
      toolCalls.push({ id: block.toolUse.toolUseId, type: 'function', function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) } });
    }
  }
  return { text, toolCalls, thinking, ...(thinking.length ? blockOrderField(content) : {}) };
}

/** Claude's block order when interleaved thinking made it one the separate fields cannot say. */
function blockOrderField(content: BedrockContentBlock[]): { block_order?: BlockOrder } {
  const order = blockOrderOf(content, (block): BlockSlot | null => {
    if (block.reasoningContent?.reasoningText || block.reasoningContent?.redactedContent !== undefined) return 'thinking';
    if (block.text !== undefined) return block.text.length;
    if (!block.toolUse) return null;
    return block.toolUse.name === JSON_RESPONSE_TOOL ? JSON.stringify(block.toolUse.input).length : 'tool_use';
  });
  return order ? { block_order: order } : {};
}

/** Converse response → canonical chat completion (Bedrock returns no id or model: ours are used). */
export function fromConverseResponse(response: BedrockConverseResponse, model: string): OpenAiChatCompletion {
  const { text, toolCalls, thinking, block_order: order } = outputOf(response.output.message.content);
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: nowSeconds(),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}), ...reasoningFields(thinking), ...(order ? { block_order: order } : {}) },
        finish_reason: finishReasonOf(response.stopReason, toolCalls.length > 0),
      },
    ],
    usage: usageFromBedrock(response.usage),
  };
}
