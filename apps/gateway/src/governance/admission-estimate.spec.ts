import type { OpenAiChatRequest, SnapshotModel } from '@sluice/contracts';
import { DEFAULT_COMPLETION_RESERVATION, estimateRequest } from './admission-estimate';

const model = { inputPricePer1M: 0, outputPricePer1M: 1_000_000 } as SnapshotModel; // $1 per output token: cost = completion tokens
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
  } as SnapshotModel;

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
    const estimate = estimateRequest(prompt(1000), { inputPricePer1M: 2, outputPricePer1M: 8, cachedInputPricePer1M: 0.5 } as SnapshotModel);
    expect(estimate.costNanos).toBe(Math.ceil((estimate.promptTokens * 2 + 1000 * 8) / 1e6 * 1e9));
  });
});
