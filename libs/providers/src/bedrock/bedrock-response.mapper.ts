import type { BedrockContentBlock, BedrockConverseResponse, BedrockUsage, ChatUsage, OpenAiChatCompletion, OpenAiFinishReason, OpenAiToolCall, ThinkingBlock } from '@sluice/contracts';
import { reasoningFields } from '../anthropic/anthropic-response.mapper';
import { newId, nowSeconds, usageOf } from '../core/canonical';
import { JSON_RESPONSE_TOOL } from '../core/json-response-tool';

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

export function usageFromBedrock(usage: BedrockUsage): ChatUsage {
  const read = usage.cacheReadInputTokens ?? 0;
  const write = usage.cacheWriteInputTokens ?? 0;
  return usageOf(usage.inputTokens + read + write, usage.outputTokens, read, write);
}

function outputOf(content: BedrockContentBlock[]): { text: string; toolCalls: OpenAiToolCall[]; thinking: ThinkingBlock[] } {
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
  return { text, toolCalls, thinking };
}

/** Converse response → canonical chat completion (Bedrock returns no id or model: ours are used). */
export function fromConverseResponse(response: BedrockConverseResponse, model: string): OpenAiChatCompletion {
  const { text, toolCalls, thinking } = outputOf(response.output.message.content);
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: nowSeconds(),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}), ...reasoningFields(thinking) },
        finish_reason: finishReasonOf(response.stopReason, toolCalls.length > 0),
      },
    ],
    usage: usageFromBedrock(response.usage),
  };
}
