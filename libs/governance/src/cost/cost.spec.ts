import type { Prices } from '@sluice/contracts';
import { costOfUsage } from './cost';

describe('costOfUsage', () => {
  const prices = { inputPricePer1M: 0.15, outputPricePer1M: 0.6, cachedInputPricePer1M: 0.075 };
  /** Claude Sonnet 4.5 list prices, with the 1M-context beta's tier above 200k prompt tokens. */
  const sonnet: Prices = {
    inputPricePer1M: 3,
    outputPricePer1M: 15,
    cachedInputPricePer1M: 0.3,
    cacheWritePricePer1M: 3.75,
    longContext: { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5 },
  };
  /** Gemini 2.5 Pro: prompts above 200k tokens cost $2.50 / $15 instead of $1.25 / $10. */
  const geminiPro: Prices = {
    inputPricePer1M: 1.25,
    outputPricePer1M: 10,
    cachedInputPricePer1M: 0.31,
    longContext: { aboveTokens: 200_000, inputPricePer1M: 2.5, outputPricePer1M: 15, cachedInputPricePer1M: 0.625 },
  };

  it('prices input and output tokens per million, keeping sub-cent precision', () => {
    expect(costOfUsage(prices, { prompt_tokens: 10, completion_tokens: 20 })).toBeCloseTo(0.0000135, 12);
  });

  it('bills cached prompt tokens at the cached price', () => {
    const cost = costOfUsage(prices, { prompt_tokens: 1000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 400 } });
    expect(cost).toBeCloseTo((600 * 0.15 + 400 * 0.075) / 1e6, 12);
  });

  it('is zero for free models', () => {
    expect(costOfUsage({ inputPricePer1M: 0, outputPricePer1M: 0, cachedInputPricePer1M: 0 }, { prompt_tokens: 5, completion_tokens: 5 })).toBe(0);
  });

  it('bills prompt-cache writes at the cache-write price: 10k written, 2k read, 500 plain, 1k out on Sonnet', () => {
    const usage = { prompt_tokens: 12_500, completion_tokens: 1000, prompt_tokens_details: { cached_tokens: 2000, cache_creation_tokens: 10_000 } };
    // 500 × $3 + 2,000 × $0.30 + 10,000 × $3.75 + 1,000 × $15 per 1M = $0.0546
    expect(costOfUsage(sonnet, usage)).toBe(0.0546);
  });

  it('bills cache writes at the input price when the model has no cache-write price (as before)', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 1000 } };
    expect(costOfUsage(prices, usage)).toBe(0.00015);
  });

  it('never bills more cached and written tokens than the prompt has', () => {
    const usage = { prompt_tokens: 100, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 80, cache_creation_tokens: 80 } };
    expect(costOfUsage(sonnet, usage)).toBeCloseTo((80 * 0.3 + 20 * 3.75) / 1e6, 12);
  });

  it('bills 1-hour cache writes at the 1-hour cache-write price and the rest of the writes at the 5-minute one', () => {
    const usage = { prompt_tokens: 10_500, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 10_000, cache_creation_1h_tokens: 4000 } };
    // 500 × $3 + 6,000 × $3.75 + 4,000 × $6 per 1M = $0.048
    expect(costOfUsage({ ...sonnet, cacheWrite1hPricePer1M: 6 }, usage)).toBe(0.048);
    // No 1-hour price: every write at the cache-write price, as before.
    expect(costOfUsage(sonnet, usage)).toBe(0.039);
    // A long prompt: the tier's 1-hour price, else the tier's cache-write price.
    const long = { prompt_tokens: 300_000, completion_tokens: 0, prompt_tokens_details: { cache_creation_tokens: 300_000, cache_creation_1h_tokens: 100_000 } };
    expect(costOfUsage({ ...sonnet, longContext: { ...sonnet.longContext!, cacheWrite1hPricePer1M: 12 } }, long)).toBe(2.7);
    expect(costOfUsage(sonnet, long)).toBe(2.25);
  });

  it('never bills more 1-hour writes than cache writes', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 0, prompt_tokens_details: { cache_creation_tokens: 100, cache_creation_1h_tokens: 900 } };
    expect(costOfUsage({ ...sonnet, cacheWrite1hPricePer1M: 6 }, usage)).toBeCloseTo((900 * 3 + 100 * 6) / 1e6, 12);
  });

  it('bills a 250k-token Sonnet prompt entirely at the long-context prices', () => {
    // 250,000 × $6 + 2,000 × $22.50 per 1M = $1.545 (at the base prices it would be $0.78)
    expect(costOfUsage(sonnet, { prompt_tokens: 250_000, completion_tokens: 2000 })).toBe(1.545);
  });

  it('counts cached and cache-written tokens towards the threshold and bills them at the tier’s cache prices', () => {
    const usage = { prompt_tokens: 210_000, completion_tokens: 1000, prompt_tokens_details: { cached_tokens: 150_000, cache_creation_tokens: 50_000 } };
    // 10,000 × $6 + 150,000 × $0.60 + 50,000 × $7.50 + 1,000 × $22.50 per 1M = $0.5475
    expect(costOfUsage(sonnet, usage)).toBe(0.5475);
  });

  it('keeps the base prices at exactly the threshold', () => {
    expect(costOfUsage(sonnet, { prompt_tokens: 200_000, completion_tokens: 0 })).toBe(0.6);
  });

  it('bills a Gemini 2.5 Pro prompt above 200k at $2.50 / $15, with the tier’s input price for cache writes it has no price for', () => {
    expect(costOfUsage(geminiPro, { prompt_tokens: 300_000, completion_tokens: 10_000 })).toBe(0.9);
    expect(costOfUsage(geminiPro, { prompt_tokens: 100_000, completion_tokens: 10_000 })).toBe(0.225);
    const written = { prompt_tokens: 300_000, completion_tokens: 0, prompt_tokens_details: { cache_creation_tokens: 300_000 } };
    expect(costOfUsage(geminiPro, written)).toBe(0.75);
  });
});
