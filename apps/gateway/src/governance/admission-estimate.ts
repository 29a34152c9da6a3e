import type { OpenAiChatRequest, Prices } from '@sluice/contracts';
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
 * The prices a request of a model is reserved at: the highest among everything that may serve it (the
 * catalog model, its deployments' overrides and its fallback models'), since the deployment is picked
 * after admission. The prompt is priced at the highest of the input and cache-write prices (any of it
 * may be written to the prompt cache, for 5 minutes or an hour). Built once per snapshot.
 */
export interface ReservationPrices {
  promptPer1M: number;
  outputPer1M: number;
  /** Above the lowest long-context threshold, the highest tier (or base) prices of them all. */
  longContext?: { aboveTokens: number; promptPer1M: number; outputPer1M: number };
}

function promptPriceOf(prices: Omit<Prices, 'longContext'>): number {
  return Math.max(prices.inputPricePer1M, prices.cacheWritePricePer1M ?? 0, prices.cacheWrite1hPricePer1M ?? 0);
}

/** The ceiling of a model's possible prices; undefined when nothing is priced. */
export function reservationPricesOf(candidates: readonly Prices[]): ReservationPrices | undefined {
  if (candidates.length === 0) return undefined;
  let promptPer1M = 0;
  let outputPer1M = 0;
  let aboveTokens = Infinity;
  for (const prices of candidates) {
    promptPer1M = Math.max(promptPer1M, promptPriceOf(prices));
    outputPer1M = Math.max(outputPer1M, prices.outputPricePer1M);
    if (prices.longContext) aboveTokens = Math.min(aboveTokens, prices.longContext.aboveTokens);
  }
  if (aboveTokens === Infinity) return { promptPer1M, outputPer1M };
  // Above the lowest threshold a candidate bills at its tier, or still at its base prices when its own threshold is higher.
  const long = { aboveTokens, promptPer1M, outputPer1M };
  for (const prices of candidates) {
    if (!prices.longContext) continue;
    long.promptPer1M = Math.max(long.promptPer1M, promptPriceOf(prices.longContext));
    long.outputPer1M = Math.max(long.outputPer1M, prices.longContext.outputPricePer1M);
  }
  return { promptPer1M, outputPer1M, longContext: long };
}

/**
 * The most a request can use: prompt tokens (tokenizer) plus its completion allowance, priced at the
 * model's reservation prices (the long-context ones when the prompt is above their threshold).
 */
export function estimateRequest(request: OpenAiChatRequest, prices: ReservationPrices | undefined): RequestEstimate & { promptTokens: number } {
  const promptTokens = estimateChatPromptTokens(request);
  const perChoice = request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_COMPLETION_RESERVATION + reasoningReservation(request);
  const completionTokens = perChoice * (request.n ?? 1);
  let costUsd = 0;
  if (prices) {
    const tier = prices.longContext !== undefined && promptTokens > prices.longContext.aboveTokens ? prices.longContext : prices;
    costUsd = (promptTokens * tier.promptPer1M + completionTokens * tier.outputPer1M) / 1_000_000;
  }
  return { model: request.model, tokens: promptTokens + completionTokens, costNanos: Math.ceil(costUsd * 1e9), promptTokens };
}
