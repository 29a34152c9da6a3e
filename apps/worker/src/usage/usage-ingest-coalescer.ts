import type { Pool } from 'pg';
import type { UsageEvent } from '@sluice/contracts';
import { ingestBatches, type UsageIngestMethod } from './ingest-batches';

interface Pending {
  events: readonly UsageEvent[];
  resolve: (inserted: number) => void;
  reject: (error: unknown) => void;
}

export interface UsageIngestCoalescerOptions {
  /** Upper bound of events written in one transaction (a single larger batch still goes alone). */
  maxEventsPerTransaction: number;
  /** Transactions written at the same time (default 1): while one commits or waits on rollup rows, the next group is being inserted. */
  writers?: number;
  /** COPY (default) or INSERT (see ingestBatches). */
  method?: UsageIngestMethod;
}

/**
 * Group commit for usage batches. While one transaction is being written, the batches that arrive
 * (other jobs the worker runs concurrently) wait and are then written together in the next one: one
 * transaction, one rollup upsert and one commit for many batches instead of one each, so rollup-row
 * locks and commits no longer serialise ingestion batch by batch. Up to `writers` groups are written at
 * once, each in its own transaction. An idle worker writes a batch at once (no added delay). If a group
 * fails, each of its batches is retried alone, in its own transaction, so one bad batch fails only its
 * own job.
 */
export class UsageIngestCoalescer {
  private readonly waiting: Pending[] = [];
  private writing = 0;

  constructor(
    private readonly pool: Pool,
    private readonly options: UsageIngestCoalescerOptions,
  ) {}

  /** Resolves with the number of the batch's events inserted, once they are committed. */
  ingest(events: readonly UsageEvent[]): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.writing >= (this.options.writers ?? 1) || this.waiting.length === 0) return;
    this.writing += 1;
    const group: Pending[] = [this.waiting.shift() as Pending];
    let size = group[0].events.length;
    while (this.waiting.length > 0 && size + this.waiting[0].events.length <= this.options.maxEventsPerTransaction) {
      const pending = this.waiting.shift() as Pending;
      size += pending.events.length;
      group.push(pending);
    }
    void this.write(group).finally(() => {
      this.writing -= 1;
      this.next();
    });
    this.next();
  }

  private async write(group: Pending[]): Promise<void> {
    try {
      const inserted = await ingestBatches(this.pool, group.map((p) => p.events), this.options.method);
      group.forEach((p, i) => p.resolve(inserted[i]));
      return;
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
    }
    for (const pending of group) {
      try {
        pending.resolve((await ingestBatches(this.pool, [pending.events], this.options.method))[0]);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
