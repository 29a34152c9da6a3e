import type { RetryPolicy } from '@sluice/contracts';
import type { RandomSource } from '../runtime/runtime';

type BackoffPolicy = Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;

/** Upper bound of the wait before retry number `retry` (0 for the first retry): min(max, base · 2^retry). */
export function backoffCeiling(retry: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

/** Exponential backoff with full jitter: uniform in [0, ceiling). */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: RandomSource): number {
  return Math.floor(random() * backoffCeiling(retry, policy));
}

/**
 * The wait before retrying the same deployment: the upstream's `Retry-After` when it sent one,
 * otherwise jittered backoff. Undefined when the wait would not end within the remaining budget
 * (then the router moves on instead of waiting).
 */
export function retryDelay(retry: number, retryAfterMs: number | undefined, policy: BackoffPolicy, random: RandomSource, remainingMs: number): number | undefined {
  const delay = retryAfterMs !== undefined && retryAfterMs >= 0 ? retryAfterMs : backoffDelay(retry, policy, random);
  return delay < remainingMs ? delay : undefined;
}
