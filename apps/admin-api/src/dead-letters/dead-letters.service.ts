import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { deadLetterJobSchema, QueueName, type DeadLetterJob } from '@sluice/contracts';
import { bullmqPrefixOf } from '@sluice/redis';
import { orgIdOf, type Caller } from '../auth/principal';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { REDIS } from '../redis.token';
import { orgIdsOf, payloadSummaryOf } from './dead-letter-payload';
import { DEAD_LETTER_QUEUES, type DeadLetterQueueName, type DeadLetterView, type ListDeadLettersQuery, type RetryResult } from './dead-letter.dto';
import { auditChange } from '../audit/audit-change';

const notFound = () => new Problem(404, 'not-found', 'No dead letter with this id.');
/** Queues a dead letter may be sent back to. */
// Exports are not: a failed export's row is final (the caller requests a new export instead).
const RETRYABLE_SOURCES = new Set<string>([QueueName.UsageEvents, QueueName.SemanticCacheWrites, QueueName.Alerts]);
/** Nothing consumes a dead-letter queue, so its jobs stay waiting until retried or removed. */
const PENDING_TYPES = ['wait', 'delayed', 'prioritized'] as const;
const PENDING_STATES = new Set(['waiting', 'delayed', 'prioritized']);

/**
 * Jobs the worker dead-lettered, read from the dead-letter queues in Redis. Queues are shared by all
 * organizations, so an admin sees (and retries) a dead letter only when every orgId in its payload is
 * the admin's organization; payloads naming no org (malformed) or several stay visible only in Redis.
 */
@Injectable()
export class DeadLettersService implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
  ) {}

  async list(caller: Caller, query: ListDeadLettersQuery): Promise<{ items: DeadLetterView[]; nextCursor: string | null }> {
    const orgId = orgIdOf(caller);
    const views: DeadLetterView[] = [];
    for (const name of query.queue ? [query.queue] : DEAD_LETTER_QUEUES) {
      for (const job of await this.queue(name).getJobs([...PENDING_TYPES], 0, -1)) {
        const entry = deadLetterJobSchema.safeParse(job.data);
        if (!entry.success || !visibleTo(orgId, entry.data)) continue;
        if (query.kind && entry.data.kind !== query.kind) continue;
        views.push(toView(name, job, entry.data));
      }
    }
    views.sort((a, b) => b.failedAt.localeCompare(a.failedAt) || a.id.localeCompare(b.id));
    const offset = query.cursor ?? 0;
    const items = views.slice(offset, offset + query.limit);
    return { items, nextCursor: offset + query.limit < views.length ? String(offset + query.limit) : null };
  }

  /** Sends the original payload back to its queue as a new job and removes the dead letter. */
  async retry(caller: Caller, id: string, context: RequestContext): Promise<RetryResult> {
    const orgId = orgIdOf(caller);
    const { job, entry } = await this.pendingDeadLetter(orgId, id);
    if (!RETRYABLE_SOURCES.has(entry.queue)) throw new Problem(409, 'not-retryable', `Jobs of queue ${entry.queue} cannot be retried from here.`);
    const requeuedAs = `retry-${randomUUID()}`;
    await this.queue(entry.queue).add(entry.jobName, entry.payload, {
      jobId: requeuedAs,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    });
    await job.remove();
    await this.dataSource.transaction((manager) =>
      auditChange(
        manager,
        caller,
        { orgId, action: 'dead_letter.retried', target: { type: 'dead_letter', id }, before: auditSummaryOf(entry), after: { requeuedAs } },
        context,
      ),
    );
    return { id, requeuedAs, queue: entry.queue };
  }

  /**
   * Removes a dead letter for good (e.g. a batch that can never be valid). The audit event keeps what
   * it was — queue, kind, reason and the payload summary — but not the payload.
   */
  async discard(caller: Caller, id: string, context: RequestContext): Promise<void> {
    const orgId = orgIdOf(caller);
    const { job, entry } = await this.pendingDeadLetter(orgId, id);
    await job.remove();
    await this.dataSource.transaction((manager) =>
      auditChange(manager, caller, { orgId, action: 'dead_letter.discarded', target: { type: 'dead_letter', id }, before: { ...auditSummaryOf(entry), payloadSummary: payloadSummaryOf(entry.payload) }, after: null }, context),
    );
  }

  /** The dead letter `id` (`<dead-letter queue>:<job id>`) if it is still pending and visible to the org; 404 otherwise. */
  private async pendingDeadLetter(orgId: string, id: string): Promise<{ job: Job; entry: DeadLetterJob }> {
    const separator = id.indexOf(':');
    const name = id.slice(0, separator) as DeadLetterQueueName;
    if (separator < 0 || !DEAD_LETTER_QUEUES.includes(name)) throw notFound();
    const job = await this.queue(name).getJob(id.slice(separator + 1));
    const entry = job ? deadLetterJobSchema.safeParse(job.data) : undefined;
    if (!job || !entry?.success || !visibleTo(orgId, entry.data) || !PENDING_STATES.has(await job.getState())) throw notFound();
    return { job, entry: entry.data };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: bullmqPrefixOf(this.config) });
      // An unhandled 'error' event would be thrown; failures reach callers as rejected calls.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }
}

function auditSummaryOf(entry: DeadLetterJob) {
  return { queue: entry.queue, kind: entry.kind, reason: entry.reason.slice(0, 500) };
}

function visibleTo(orgId: string, entry: DeadLetterJob): boolean {
  const orgIds = orgIdsOf(entry.payload);
  return orgIds.size === 1 && orgIds.has(orgId);
}

function toView(name: DeadLetterQueueName, job: Job, entry: DeadLetterJob): DeadLetterView {
  return {
    id: `${name}:${job.id ?? ''}`,
    deadLetterQueue: name,
    queue: entry.queue,
    jobId: entry.jobId,
    jobName: entry.jobName,
    kind: entry.kind,
    reason: entry.reason.slice(0, 2000),
    attempts: entry.attempts,
    failedAt: entry.failedAt,
    payloadSummary: payloadSummaryOf(entry.payload),
  };
}
