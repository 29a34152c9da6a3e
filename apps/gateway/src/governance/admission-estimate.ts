import type { OpenAiChatRequest, SnapshotModel } from '@sluice/contracts';
import type { RequestEstimate } from '@sluice/governance';
import { estimateChatPromptTokens, THINKING_BUDGET_BY_EFFORT } from '@sluice/providers';

/** Completion tokens reserved when the client set no limit; settlement returns what was not used. */
export const DEFAULT_COMPLETION_RESERVATION = 1024;

/**
 * Thinking tokens are output tokens. A client limit covers them (they count towards max_tokens), but
 * without one Claude is sent the default plus the thinking budget (libs/providers' claudeThinkingOf),
 * and OpenAI reasoning models reason before they answer: the budget is reserved on top of the default.
 */
function reasoningReservation(request: OpenAiChatRequest): number {
  if (request.thinking?.type === 'enabled') return request.thinking.budget_tokens;
  return request.reasoning_effort ? (THINKING_BUDGET_BY_EFFORT[request.reasoning_effort] ?? 0) : 0;
}

/**
 * The most a request can use: prompt tokens (tokenizer) plus its completion allowance, priced from the
 * catalog. The prompt is priced at the higher of the input and cache-write prices (any of it may be
 * written to the prompt cache), at the long-context tier's prices when it is above the tier's threshold.
 */
export function estimateRequest(request: OpenAiChatRequest, model: SnapshotModel | undefined): RequestEstimate & { promptTokens: number } {
  const promptTokens = estimateChatPromptTokens(request);
  const perChoice = request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_COMPLETION_RESERVATION + reasoningReservation(request);
  const completionTokens = perChoice * (request.n ?? 1);
  let costUsd = 0;
  if (model) {
    const prices = model.longContext !== undefined && promptTokens > model.longContext.aboveTokens ? model.longContext : model;
    const promptPrice = Math.max(prices.inputPricePer1M, prices.cacheWritePricePer1M ?? 0);
    costUsd = (promptTokens * promptPrice + completionTokens * prices.outputPricePer1M) / 1_000_000;
  }
  return { model: request.model, tokens: promptTokens + completionTokens, costNanos: Math.ceil(costUsd * 1e9), promptTokens };
}
