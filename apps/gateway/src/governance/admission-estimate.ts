import type { OpenAiChatRequest, SnapshotModel } from '@sluice/contracts';
import type { RequestEstimate } from '@sluice/governance';
import { estimateChatPromptTokens } from '@sluice/providers';

/** Completion tokens reserved when the client set no limit; settlement returns what was not used. */
export const DEFAULT_COMPLETION_RESERVATION = 1024;

/** The most a request can use: prompt tokens (tokenizer) plus its completion allowance, priced from the catalog. */
export function estimateRequest(request: OpenAiChatRequest, model: SnapshotModel | undefined): RequestEstimate & { promptTokens: number } {
  const promptTokens = estimateChatPromptTokens(request);
  const completionTokens = (request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_COMPLETION_RESERVATION) * (request.n ?? 1);
  const costUsd = model ? (promptTokens * model.inputPricePer1M + completionTokens * model.outputPricePer1M) / 1_000_000 : 0;
  return { model: request.model, tokens: promptTokens + completionTokens, costNanos: Math.ceil(costUsd * 1e9), promptTokens };
}
