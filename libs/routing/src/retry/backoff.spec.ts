import { seededRandom } from '../runtime/runtime';
import { backoffCeiling, backoffDelay, retryDelay } from './backoff';

describe('backoff', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the ceiling per retry up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffCeiling(n, policy))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws full jitter uniformly in [0, ceiling)', () => {
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(2, policy, () => 0.999999)).toBe(399);
    const random = seededRandom(11);
    let sum = 0;
    for (let i = 0; i < 5_000; i++) {
      const d = backoffDelay(3, policy, random);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
      sum += d;
    }
    expect(Math.abs(sum / 5_000 - 400)).toBeLessThan(15);
  });

  it('gives Retry-After precedence over backoff, also beyond the backoff maximum', () => {
    expect(retryDelay(0, 2_500, policy, () => 0.5, 10_000)).toBe(2_500);
    expect(retryDelay(0, 0, policy, () => 0.5, 10_000)).toBe(0);
    expect(retryDelay(1, undefined, policy, () => 0.5, 10_000)).toBe(100);
  });

  it('does not wait past the remaining budget', () => {
    expect(retryDelay(0, 2_500, policy, () => 0.5, 2_500)).toBeUndefined();
    expect(retryDelay(0, 2_499, policy, () => 0.5, 2_500)).toBe(2_499);
    expect(retryDelay(4, undefined, policy, () => 0.9, 800)).toBeUndefined();
  });
});
