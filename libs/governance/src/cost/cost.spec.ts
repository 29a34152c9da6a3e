import { costOfUsage } from './cost';

describe('costOfUsage', () => {
  const prices = { inputPricePer1M: 0.15, outputPricePer1M: 0.6, cachedInputPricePer1M: 0.075 };

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
});
