import { randomUUID } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import type { Pool } from 'pg';
import { createLogger } from '@sluice/observability';
import type { DeadLetterQueue } from './dead-letter-queue';
import { OUTAGE_RETRY_MAX_MS, OUTAGE_RETRY_MIN_MS, outageRetryDelayMs } from './database-outage';
import { createUsageBatchProcessor } from './usage-batch.processor';

const event = {
  eventId: randomUUID(), requestId: 'r-1', occurredAt: new Date().toISOString(), orgId: randomUUID(), teamId: null, apiKeyId: null, userId: null,
  endpoint: 'chat.completions', model: 'gpt-4o-mini', provider: 'mock', deploymentId: 'd1', status: 'success', httpStatus: 200, errorCode: null,
  promptTokens: 1, completionTokens: 1, cachedTokens: 0, costUsd: 0, latencyMs: 1, ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
};

function fakeJob(attemptsStarted: number) {
  const moveToDelayed = jest.fn(async () => undefined);
  const job = { id: 'job-1', name: 'usage-batch', queueName: 'usage-events', attemptsStarted, data: { batchId: randomUUID(), events: [event] }, moveToDelayed };
  return { job: job as unknown as Job<unknown>, moveToDelayed };
}

describe('usage batches while Postgres is unreachable', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const pool = { connect: jest.fn(async () => Promise.reject(refused)) } as unknown as Pool;
  const send = jest.fn(async () => undefined);
  const processor = createUsageBatchProcessor(pool, createLogger('worker', 'silent'), { deadLetters: { send } as unknown as DeadLetterQueue, attempts: 3, backoffMs: 1000 });

  it('holds the batch for a retry and never dead-letters it, however many attempts it took', async () => {
    for (const attempt of [1, 3, 50]) {
      const { job, moveToDelayed } = fakeJob(attempt);
      const before = Date.now();
      await expect(processor(job, 'token')).rejects.toBeInstanceOf(DelayedError);
      const [[until, token]] = moveToDelayed.mock.calls as unknown as Array<[number, string]>;
      expect(token).toBe('token');
      expect(until - before).toBeGreaterThanOrEqual(OUTAGE_RETRY_MIN_MS);
      expect(until - before).toBeLessThanOrEqual(OUTAGE_RETRY_MAX_MS + 1000);
    }
    expect(send).not.toHaveBeenCalled();
  });

  it('backs off by doubling, capped, with a floor for a zero backoff', () => {
    expect([1, 2, 3, 4, 10].map((n) => outageRetryDelayMs(1000, n))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(outageRetryDelayMs(0, 1)).toBe(OUTAGE_RETRY_MIN_MS);
  });
});
