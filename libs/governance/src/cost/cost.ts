import type { ChatUsage, SnapshotModel } from '@sluice/contracts';

const PER_MILLION = 1_000_000;

/**
 * USD cost of one call from catalog prices. Cached prompt tokens are billed at the cached-input
 * price and the rest at the input price. Rounded to 1e-10 USD so sums stay exact in numeric columns.
 */
export function costOfUsage(model: Pick<SnapshotModel, 'inputPricePer1M' | 'outputPricePer1M' | 'cachedInputPricePer1M'>, usage: ChatUsage): number {
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  const uncached = usage.prompt_tokens - cached;
  const cost =
    (uncached * model.inputPricePer1M + cached * model.cachedInputPricePer1M + usage.completion_tokens * model.outputPricePer1M) / PER_MILLION;
  return Math.round(cost * 1e10) / 1e10;
}
