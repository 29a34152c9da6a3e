import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { WorkerEnv } from '@sluice/contracts';
import { workerOnlyEnvDefaults, type WorkerOnlyEnv } from '../config/worker-config';

/** How the worker runs one queue: parallel jobs per process, deliveries of a job, first retry delay (doubling). */
export interface QueuePolicy {
  concurrency: number;
  attempts: number;
  backoffMs: number;
}

export type PolicyQueue = 'usage' | 'semanticCache' | 'exports' | 'alerts';

/** Every consumed queue's policy from the worker config (`<QUEUE>_CONCURRENCY`, `_ATTEMPTS`, `_BACKOFF_MS`). */
export function queuePolicies(config: WorkerEnv & Partial<WorkerOnlyEnv>): Record<PolicyQueue, QueuePolicy> {
  const c = { ...workerOnlyEnvDefaults(), ...config };
  return {
    usage: { concurrency: c.USAGE_CONCURRENCY, attempts: c.USAGE_ATTEMPTS, backoffMs: c.USAGE_BACKOFF_MS },
    semanticCache: { concurrency: c.SEMANTIC_CACHE_CONCURRENCY, attempts: c.SEMANTIC_CACHE_ATTEMPTS, backoffMs: c.SEMANTIC_CACHE_BACKOFF_MS },
    exports: { concurrency: c.EXPORT_CONCURRENCY, attempts: c.EXPORT_ATTEMPTS, backoffMs: c.EXPORT_BACKOFF_MS },
    alerts: { concurrency: c.ALERT_CONCURRENCY, attempts: c.ALERT_ATTEMPTS, backoffMs: c.ALERT_BACKOFF_MS },
  };
}

/** The delay before the retry that follows delivery number `attempt` (1-based). */
export function backoffDelay(policy: Pick<QueuePolicy, 'backoffMs'>, attempt: number): number {
  return policy.backoffMs * 2 ** Math.max(0, attempt - 1);
}

/** True when this delivery of the job is its last under the policy. */
export function isLastAttempt(job: Job, policy: Pick<QueuePolicy, 'attempts'>): boolean {
  return job.attemptsStarted >= policy.attempts;
}

/**
 * The worker's retry policy around a processor, whatever attempts the producer set: a failed
 * delivery is moved back to `delayed` for `backoffMs × 2^(n-1)` and tried again; after `attempts`
 * deliveries the job fails for good (UnrecoverableError, reason kept), and the worker's `failed`
 * handler dead-letters it. Errors that are already final (UnrecoverableError) are not retried.
 */
export function withRetryPolicy<D, R>(policy: QueuePolicy, processor: (job: Job<D>, token?: string) => Promise<R>): (job: Job<D>, token?: string) => Promise<R> {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (error) {
      if (error instanceof UnrecoverableError || error instanceof DelayedError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (isLastAttempt(job, policy)) throw new UnrecoverableError(`failed ${job.attemptsStarted} times; last error: ${message}`);
      await job.moveToDelayed(Date.now() + backoffDelay(policy, job.attemptsStarted), token);
      throw new DelayedError();
    }
  };
}
