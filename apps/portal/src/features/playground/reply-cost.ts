import type { ReplyUsage } from './chat-stream';

/** Catalog prices in USD per 1M tokens. */
export interface ModelPricing {
  inputPricePer1M: number;
  outputPricePer1M: number;
  cachedInputPricePer1M: number | null;
}

/** What a reply cost at catalog prices, the way the gateway accounts it (cached prompt tokens at the cached price when the catalog has one). */
export function costOfReply(pricing: ModelPricing, usage: ReplyUsage): number {
  const cached = Math.min(usage.cachedTokens, usage.promptTokens);
  const cachedPrice = pricing.cachedInputPricePer1M ?? pricing.inputPricePer1M;
  const cost = ((usage.promptTokens - cached) * pricing.inputPricePer1M + cached * cachedPrice + usage.completionTokens * pricing.outputPricePer1M) / 1_000_000;
  return Math.round(cost * 1e10) / 1e10;
}

const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const tiny = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** A reply's cost: fractions of a cent keep two significant digits instead of rounding to $0.0000. */
export function formatReplyCost(usd: number): string {
  return usd > 0 && usd < 0.01 ? tiny.format(usd) : cents.format(usd);
}
