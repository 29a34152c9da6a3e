import type { ChatUsage, GeminiGenerateContentResponse, GeminiUsageMetadata, OpenAiChatCompletion, OpenAiFinishReason, OpenAiToolCall } from '@sluice/contracts';
import { newId, nowSeconds, usageOf } from '../core/canonical';

const CONTENT_FILTER = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

export function finishReasonOf(reason: string | undefined, usedTools: boolean): OpenAiFinishReason | null {
  if (!reason || reason === 'FINISH_REASON_UNSPECIFIED') return null;
  if (reason === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER.has(reason)) return 'content_filter';
  return usedTools ? 'tool_calls' : 'stop';
}

export function usageFromGemini(usage: GeminiUsageMetadata | undefined): ChatUsage {
  const thoughts = usage?.thoughtsTokenCount ?? 0;
  return usageOf(usage?.promptTokenCount ?? 0, (usage?.candidatesTokenCount ?? 0) + thoughts, usage?.cachedContentTokenCount ?? 0, 0, thoughts);
}

type Candidate = NonNullable<GeminiGenerateContentResponse['candidates']>[number];

/** Text, thought summaries (parts marked `thought`, sent when thoughts were asked for) and function calls of one candidate. */
export function candidateOutput(candidate: Candidate): { text: string; reasoning: string; toolCalls: OpenAiToolCall[] } {
  let text = '';
  let reasoning = '';
  const toolCalls: OpenAiToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.text !== undefined) {
      if (part.thought) reasoning += part.text;
      else text += part.text;
    }
    if (part.functionCall) {
      toolCalls.push({ id: part.functionCall.id ?? newId('call_'), type: 'function', function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) } });
    }
  }
  return { text, reasoning, toolCalls };
}

/** Gemini `generateContent` response → canonical chat completion. */
export function fromGeminiResponse(response: GeminiGenerateContentResponse, fallbackModel: string): OpenAiChatCompletion {
  const candidates = response.candidates ?? [];
  const choices: OpenAiChatCompletion['choices'] = candidates.map((candidate, i) => {
    const { text, reasoning, toolCalls } = candidateOutput(candidate);
    return {
      index: candidate.index ?? i,
      message: {
        role: 'assistant',
        content: text || (toolCalls.length ? null : ''),
        ...(reasoning ? { reasoning_content: reasoning } : {}),
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      },
      finish_reason: finishReasonOf(candidate.finishReason, toolCalls.length > 0) ?? 'stop',
    };
  });
  if (choices.length === 0 && response.promptFeedback?.blockReason) {
    choices.push({ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'content_filter' });
  }
  return {
    id: response.responseId ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created: nowSeconds(),
    model: response.modelVersion ?? fallbackModel,
    choices,
    usage: usageFromGemini(response.usageMetadata),
  };
}
