import type { ChatUsage, Prices } from '@sluice/contracts';

const PER_MILLION = 1_000_000;

/**
 * USD cost of one call from catalog (or deployment) prices. Cached prompt tokens are billed at the
 * cached-input price, tokens written to the prompt cache at the cache-write price (absent: the input
 * price), the part of them written for 1 hour at the 1-hour cache-write price (absent: the cache-write
 * price) and the rest at the input price. A prompt above the long-context tier's threshold is billed
 * entirely at the tier's prices, as the providers bill it. Rounded to 1e-10 USD so sums stay exact in
 * numeric columns.
 */
export function costOfUsage(prices: Prices, usage: ChatUsage): number {
  const tier = prices.longContext !== undefined && usage.prompt_tokens > prices.longContext.aboveTokens ? prices.longContext : prices;
  const details = usage.prompt_tokens_details;
  const cached = Math.min(details?.cached_tokens ?? 0, usage.prompt_tokens);
  const written = Math.min(details?.cache_creation_tokens ?? 0, usage.prompt_tokens - cached);
  const writtenFor1h = Math.min(details?.cache_creation_1h_tokens ?? 0, written);
  const uncached = usage.prompt_tokens - cached - written;
  const cacheWritePrice = tier.cacheWritePricePer1M ?? tier.inputPricePer1M;
  const cost =
    (uncached * tier.inputPricePer1M +
      cached * tier.cachedInputPricePer1M +
      (written - writtenFor1h) * cacheWritePrice +
      writtenFor1h * (tier.cacheWrite1hPricePer1M ?? cacheWritePrice) +
      usage.completion_tokens * tier.outputPricePer1M) /
    PER_MILLION;
  return Math.round(cost * 1e10) / 1e10;
}
