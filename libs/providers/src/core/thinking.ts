import type { AnthropicThinkingConfig, OpenAiChatRequest } from '@sluice/contracts';
import { TranslationError } from './errors';

/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * The thinking budget a Claude upstream gets for an OpenAI `reasoning_effort` (LiteLLM's figures,
 * with `minimal` at Anthropic's minimum and `xhigh` one step above `high`). `none` turns thinking off.
 */
export const THINKING_BUDGET_BY_EFFORT: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 2048, high: 4096, xhigh: 8192 };

/** The thinking budget of a `reasoning_effort` other than `none`; an unknown effort is a 400 naming the field. */
export function thinkingBudgetForEffort(effort: string): number {
  const budget = THINKING_BUDGET_BY_EFFORT[effort];
  if (budget === undefined) {
    throw invalid(`reasoning_effort must be one of none, ${Object.keys(THINKING_BUDGET_BY_EFFORT).join(', ')}; got '${effort}'.`, 'reasoning_effort');
  }
  return budget;
}

/**
 * The `reasoning_effort` an OpenAI reasoning model gets for an Anthropic `thinking.budget_tokens`:
 * the inverse of {@link THINKING_BUDGET_BY_EFFORT} (below 2048 → low, below 4096 → medium, else high).
 */
export function reasoningEffortForBudget(budget: number): 'low' | 'medium' | 'high' {
  if (budget < THINKING_BUDGET_BY_EFFORT.medium) return 'low';
  if (budget < THINKING_BUDGET_BY_EFFORT.high) return 'medium';
  return 'high';
}

interface SamplingFields {
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  top_k?: unknown;
  /** Only whether it forces a tool matters. */
  forcesTool?: boolean;
  /** Interleaved thinking (its beta is on): the budget spans the whole turn and may exceed max_tokens. */
  interleaved?: boolean;
}

function invalid(message: string, param: string): TranslationError {
  return new TranslationError(message, 'invalid_thinking', param);
}

/**
 * Anthropic's rules for a request with thinking on, checked before anything goes upstream so the
 * client gets a 400 in its own format: a budget of at least 1024 and below max_tokens (unless
 * interleaved thinking is on); no
 * temperature other than 1, no top_k, top_p only from 0.95 to 1, no forced tool use.
 */
export function assertThinkingRules(thinking: AnthropicThinkingConfig | undefined, fields: SamplingFields): void {
  if (!thinking || thinking.type === 'disabled') return;
  if (thinking.type === 'enabled') {
    if (thinking.budget_tokens < MIN_THINKING_BUDGET) {
      throw invalid(`thinking.budget_tokens must be at least ${MIN_THINKING_BUDGET}; got ${thinking.budget_tokens}.`, 'thinking.budget_tokens');
    }
    if (!fields.interleaved && fields.max_tokens != null && thinking.budget_tokens >= fields.max_tokens) {
      throw invalid(`max_tokens (${fields.max_tokens}) must be greater than thinking.budget_tokens (${thinking.budget_tokens}): thinking counts towards max_tokens.`, 'max_tokens');
    }
  }
  if (fields.temperature != null && fields.temperature !== 1) {
    throw invalid(`temperature may only be 1 (or left unset) when thinking is enabled; got ${fields.temperature}.`, 'temperature');
  }
  if (fields.top_k != null) throw invalid('top_k cannot be set when thinking is enabled.', 'top_k');
  if (fields.top_p != null && fields.top_p < 0.95) throw invalid(`top_p must be between 0.95 and 1 when thinking is enabled; got ${fields.top_p}.`, 'top_p');
  if (fields.forcesTool) throw invalid("tool_choice cannot force tool use ('any' or 'tool') when thinking is enabled; use 'auto' or 'none'.", 'tool_choice');
}

export interface ClaudeThinking {
  thinking: AnthropicThinkingConfig;
  /** The max_tokens to send (raised by the budget when the client set none). */
  maxTokens: number;
}

/**
 * What a Claude upstream (Anthropic, Bedrock) is asked for: the request's own `thinking`, else a
 * budget for its `reasoning_effort`, else nothing. An effort's budget is capped at half of the
 * client's max_tokens (never below 1024); without a client max_tokens, `defaultMaxTokens` is left
 * for the answer on top of the budget. `interleaved`: the interleaved-thinking beta goes upstream.
 * Throws a 400 `TranslationError` when the rules cannot be met.
 */
export function claudeThinkingOf(request: OpenAiChatRequest, clientMaxTokens: number | undefined, defaultMaxTokens: number, options: { interleaved?: boolean } = {}): ClaudeThinking | null {
  const forcesTool = request.tool_choice === 'required' || typeof request.tool_choice === 'object';
  const sampling = { temperature: request.temperature, top_p: request.top_p, top_k: request.top_k, forcesTool, interleaved: options.interleaved };
  if (request.thinking) {
    const maxTokens = clientMaxTokens ?? defaultMaxTokens + (request.thinking.type === 'enabled' ? request.thinking.budget_tokens : 0);
    assertThinkingRules(request.thinking, { ...sampling, max_tokens: maxTokens });
    return { thinking: request.thinking, maxTokens };
  }
  const effort = request.reasoning_effort;
  if (effort == null || effort === 'none') return null;
  const budget = thinkingBudgetForEffort(effort);
  if (clientMaxTokens === undefined) {
    const thinking = { type: 'enabled' as const, budget_tokens: budget };
    assertThinkingRules(thinking, sampling);
    return { thinking, maxTokens: defaultMaxTokens + budget };
  }
  if (clientMaxTokens <= MIN_THINKING_BUDGET) {
    throw invalid(`max_tokens must be greater than ${MIN_THINKING_BUDGET} to use reasoning_effort with a Claude model (thinking counts towards max_tokens); got ${clientMaxTokens}.`, 'max_tokens');
  }
  const thinking = { type: 'enabled' as const, budget_tokens: Math.max(MIN_THINKING_BUDGET, Math.min(budget, Math.floor(clientMaxTokens / 2))) };
  assertThinkingRules(thinking, { ...sampling, max_tokens: clientMaxTokens });
  return { thinking, maxTokens: clientMaxTokens };
}

/** Whether thinking is on for a Claude upstream (so a JSON answer cannot be forced through tool_choice). */
export function thinkingIsOn(thinking: ClaudeThinking | null): boolean {
  return thinking !== null && thinking.thinking.type !== 'disabled';
}
