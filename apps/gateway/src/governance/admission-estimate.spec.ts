import type { OpenAiChatRequest, Prices } from '@sluice/contracts';
import { DEFAULT_COMPLETION_RESERVATION, estimateRequest as estimate, reservationPricesOf } from './admission-estimate';

/** The estimate for a model with these prices and nothing else serving it. */
const estimateRequest = (request: OpenAiChatRequest, prices: Prices) => estimate(request, reservationPricesOf([prices]));

const model = { inputPricePer1M: 0, outputPricePer1M: 1_000_000 } as Prices; // $1 per output token: cost = completion tokens
const request = (extra: Partial<OpenAiChatRequest>): OpenAiChatRequest => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra }) as OpenAiChatRequest;
const reservedCompletion = (extra: Partial<OpenAiChatRequest>) => estimateRequest(request(extra), model).costNanos / 1e9;

describe('admission estimate: completion tokens reserved', () => {
  it('reserves the client limit, or the default without one, per choice', () => {
    expect(reservedCompletion({ max_tokens: 300 })).toBe(300);
    expect(reservedCompletion({ max_completion_tokens: 200, max_tokens: 300 })).toBe(200);
    expect(reservedCompletion({})).toBe(DEFAULT_COMPLETION_RESERVATION);
    expect(reservedCompletion({ max_tokens: 300, n: 3 })).toBe(900);
  });

  it('adds the thinking budget when the client set no limit: Claude is sent the default plus the budget', () => {
    expect(reservedCompletion({ thinking: { type: 'enabled', budget_tokens: 5000 } })).toBe(DEFAULT_COMPLETION_RESERVATION + 5000);
    expect(reservedCompletion({ reasoning_effort: 'high' })).toBe(DEFAULT_COMPLETION_RESERVATION + 4096);
    expect(reservedCompletion({ reasoning_effort: 'low', n: 2 })).toBe(2 * (DEFAULT_COMPLETION_RESERVATION + 1024));
  });

  it('keeps the client limit as it is, since thinking counts towards it, and adds nothing for thinking turned off', () => {
    expect(reservedCompletion({ max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 5000 } })).toBe(8000);
    expect(reservedCompletion({ max_completion_tokens: 3000, reasoning_effort: 'high' })).toBe(3000);
    expect(reservedCompletion({ thinking: { type: 'disabled' } })).toBe(DEFAULT_COMPLETION_RESERVATION);
    expect(reservedCompletion({ reasoning_effort: 'none' })).toBe(DEFAULT_COMPLETION_RESERVATION);
  });
});

describe('admission estimate: prompt prices', () => {
  const prompt = (tokens: number) => request({ messages: [{ role: 'user', content: 'word '.repeat(tokens) }], max_tokens: 1000 });
  const sonnet = {
    inputPricePer1M: 3,
    outputPricePer1M: 15,
    cachedInputPricePer1M: 0.3,
    cacheWritePricePer1M: 3.75,
    longContext: { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5 },
  } as Prices;

  it('reserves the prompt at the cache-write price when it is higher than the input price (any of it may be written)', () => {
    const estimate = estimateRequest(prompt(1000), sonnet);
    expect(estimate.costNanos).toBe(Math.ceil((estimate.promptTokens * 3.75 + 1000 * 15) / 1e6 * 1e9));
  });

  it('reserves at the long-context tier’s prices when the estimated prompt is above its threshold', () => {
    const estimate = estimateRequest(prompt(250_000), sonnet);
    expect(estimate.promptTokens).toBeGreaterThan(200_000);
    expect(estimate.costNanos).toBe(Math.ceil((estimate.promptTokens * 7.5 + 1000 * 22.5) / 1e6 * 1e9));
    const withoutTier = estimateRequest(prompt(250_000), { ...sonnet, longContext: undefined });
    expect(withoutTier.costNanos).toBe(Math.ceil((estimate.promptTokens * 3.75 + 1000 * 15) / 1e6 * 1e9));
  });

  it('reserves at the input price for a model without a cache-write price', () => {
    const estimate = estimateRequest(prompt(1000), { inputPricePer1M: 2, outputPricePer1M: 8, cachedInputPricePer1M: 0.5 } as Prices);
    expect(estimate.costNanos).toBe(Math.ceil((estimate.promptTokens * 2 + 1000 * 8) / 1e6 * 1e9));
  });

  it('reserves the prompt at the 1-hour cache-write price when it is the highest (base and long-context tier)', () => {
    const oneHour = { ...sonnet, cacheWrite1hPricePer1M: 6, longContext: { ...sonnet.longContext!, cacheWrite1hPricePer1M: 12 } };
    const short = estimateRequest(prompt(1000), oneHour);
    expect(short.costNanos).toBe(Math.ceil((short.promptTokens * 6 + 1000 * 15) / 1e6 * 1e9));
    const long = estimateRequest(prompt(250_000), oneHour);
    expect(long.costNanos).toBe(Math.ceil((long.promptTokens * 12 + 1000 * 22.5) / 1e6 * 1e9));
  });
});

describe('reservation prices of several candidates (deployment overrides, fallback models)', () => {
  const base = { inputPricePer1M: 3, outputPricePer1M: 15, cachedInputPricePer1M: 0.3 };

  it('takes the highest prompt and output prices of them all', () => {
    const premium = { inputPricePer1M: 4, outputPricePer1M: 20, cachedInputPricePer1M: 0.4, cacheWritePricePer1M: 5 };
    expect(reservationPricesOf([base, premium, { ...base, cacheWrite1hPricePer1M: 6 }])).toEqual({ promptPer1M: 6, outputPer1M: 20 });
    expect(reservationPricesOf([])).toBeUndefined();
  });

  it('applies long-context prices above the lowest threshold, at the highest of every tier and every base', () => {
    const tiered = { ...base, longContext: { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6 } };
    const expensiveBase = { inputPricePer1M: 10, outputPricePer1M: 30, cachedInputPricePer1M: 1 };
    expect(reservationPricesOf([tiered, expensiveBase])).toEqual({ promptPer1M: 10, outputPer1M: 30, longContext: { aboveTokens: 200_000, promptPer1M: 10, outputPer1M: 30 } });
    const higherThreshold = { ...base, longContext: { aboveTokens: 500_000, inputPricePer1M: 8, outputPricePer1M: 24, cachedInputPricePer1M: 0.8 } };
    expect(reservationPricesOf([tiered, higherThreshold])?.longContext).toEqual({ aboveTokens: 200_000, promptPer1M: 8, outputPer1M: 24 });
  });
});
