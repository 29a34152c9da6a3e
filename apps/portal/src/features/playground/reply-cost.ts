import type { LongContext } from '../models/long-context';
import type { ReplyUsage } from './chat-stream';

/** Catalog prices in USD per 1M tokens. */
export interface ModelPricing {
  inputPricePer1M: number;
  outputPricePer1M: number;
  cachedInputPricePer1M: number | null;
  /** Prompt-cache writes; absent or null = the input price. */
  cacheWritePricePer1M?: number | null;
  /** 1-hour prompt-cache writes; absent or null = the cache-write price. */
  cacheWrite1hPricePer1M?: number | null;
  /** Prices for the whole request when the prompt exceeds `aboveTokens`. */
  longContext?: LongContext | null;
}

/**
 * What a reply cost at catalog prices, the way the gateway accounts it (libs/governance costOfUsage):
 * cached prompt tokens at the cached price when the catalog has one, cache writes at the cache-write
 * price (else the input price), the 1-hour ones among them at the 1-hour cache-write price (else the
 * cache-write price), and a prompt above the long-context threshold entirely at the tier's prices.
 */
export function costOfReply(pricing: ModelPricing, usage: ReplyUsage): number {
  const prices = pricing.longContext && usage.promptTokens > pricing.longContext.aboveTokens ? pricing.longContext : pricing;
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const written = Math.min(usage.cacheWriteTokens, usage.promptTokens - cached);
  const writtenFor1h = Math.min(usage.cacheWrite1hTokens, written);
  const cachedPrice = prices.cachedInputPricePer1M ?? prices.inputPricePer1M;
  const writePrice = prices.cacheWritePricePer1M ?? prices.inputPricePer1M;
  const write1hPrice = prices.cacheWrite1hPricePer1M ?? writePrice;
  const cost =
    ((usage.promptTokens - cached - written) * prices.inputPricePer1M +
      cached * cachedPrice +
      (written - writtenFor1h) * writePrice +
      writtenFor1h * write1hPrice +
      usage.completionTokens * prices.outputPricePer1M) /
    1_000_000;
  return Math.round(cost * 1e10) / 1e10;
}

const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const tiny = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** A reply's cost: fractions of a cent keep two significant digits instead of rounding to $0.0000. */
export function formatReplyCost(usd: number): string {
  return usd > 0 && usd < 0.01 ? tiny.format(usd) : cents.format(usd);
}
