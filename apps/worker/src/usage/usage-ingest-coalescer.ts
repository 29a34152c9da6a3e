import type { Pool } from 'pg';
import type { UsageEvent } from '@sluice/contracts';
import { RollupAccumulator } from '../rollups/usage-rollups';
import { insertRequestLogs } from './request-log-writer';

/** Rows per INSERT statement (the statement has one array parameter per column whatever the count). */
const ROWS_PER_STATEMENT = 5000;

/**
 * Writes several usage batches to request_logs and usage_rollups in one transaction and returns,
 * per batch, how many of its events were inserted (an event present in two of the batches counts
 * for the first). Rollups count only the rows this transaction inserted and commit with them: a
 * redelivered batch inserts nothing and adds nothing.
 */
export async function ingestBatches(pool: Pool, batches: ReadonlyArray<readonly UsageEvent[]>): Promise<number[]> {
  const owner = new Map<string, number>();
  const events: UsageEvent[] = [];
  batches.forEach((batch, index) => {
    for (const event of batch) {
      if (!owner.has(event.eventId)) owner.set(event.eventId, index);
      events.push(event);
    }
  });
  const inserted = batches.map(() => 0);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const rollups = new RollupAccumulator();
    for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
      for (const row of await insertRequestLogs(client, events.slice(i, i + ROWS_PER_STATEMENT))) {
        inserted[owner.get(row.event_id) ?? 0] += 1;
        rollups.add(row);
      }
    }
    await rollups.upsert(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return inserted;
}

interface Pending {
  events: readonly UsageEvent[];
  resolve: (inserted: number) => void;
  reject: (error: unknown) => void;
}

export interface UsageIngestCoalescerOptions {
  /** Upper bound of events written in one transaction (a single larger batch still goes alone). */
  maxEventsPerTransaction: number;
}

/**
 * Group commit for usage batches. While one transaction is being written, the batches that arrive
 * (other jobs the worker runs concurrently) wait and are then written together in the next one: one
 * transaction, one rollup upsert and one commit for many batches instead of one each, so rollup-row
 * locks and commits no longer serialise ingestion batch by batch. An idle worker writes a batch at
 * once (no added delay). If a group fails, each of its batches is retried alone, in its own
 * transaction, so one bad batch fails only its own job.
 */
export class UsageIngestCoalescer {
  private readonly waiting: Pending[] = [];
  private writing = false;

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
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const group: Pending[] = [this.waiting.shift() as Pending];
    let size = group[0].events.length;
    while (this.waiting.length > 0 && size + this.waiting[0].events.length <= this.options.maxEventsPerTransaction) {
      const pending = this.waiting.shift() as Pending;
      size += pending.events.length;
      group.push(pending);
    }
    void this.write(group).finally(() => {
      this.writing = false;
      this.next();
    });
  }

  private async write(group: Pending[]): Promise<void> {
    try {
      const inserted = await ingestBatches(
        this.pool,
        group.map((p) => p.events),
      );
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
        pending.resolve((await ingestBatches(this.pool, [pending.events]))[0]);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
