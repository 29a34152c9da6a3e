import type { Pool, PoolClient } from 'pg';
import type { UsageEvent, WorkerEnv } from '@sluice/contracts';
import { RollupAccumulator, type RollupSourceRow } from '../rollups/usage-rollups';
import { copyRequestLogs, copyRowOf, type CopyRow } from './request-log-copy';
import { insertRequestLogs } from './request-log-writer';

export type UsageIngestMethod = WorkerEnv['USAGE_INGEST_METHOD'];

/** Rows per INSERT statement on the INSERT path (the statement has one array parameter per column whatever the count). */
const ROWS_PER_STATEMENT = 5000;

const UNIQUE_VIOLATION = '23505';

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back (lost, or left mid-COPY) is closed, not returned to the pool.
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The batch each event id counts for: the first batch it appears in. */
function ownersOf(batches: ReadonlyArray<readonly UsageEvent[]>): Map<string, number> {
  const owner = new Map<string, number>();
  batches.forEach((batch, index) => {
    for (const event of batch) {
      const id = event.eventId.toLowerCase();
      if (!owner.has(id)) owner.set(id, index);
    }
  });
  return owner;
}

interface CopyPlan {
  rows: CopyRow[];
  inserted: number[];
}

/** The group's events as COPY rows, a repeated event once; null when one of them cannot be copied exactly (see copyRowOf). */
function copyPlanOf(batches: ReadonlyArray<readonly UsageEvent[]>, owner: ReadonlyMap<string, number>): CopyPlan | null {
  const seen = new Set<string>();
  const rows: CopyRow[] = [];
  const inserted = batches.map(() => 0);
  for (const batch of batches) {
    for (const event of batch) {
      const id = event.eventId.toLowerCase();
      // The primary key is (occurred_at, event_id); the same instant spelled differently is left to Postgres (a unique violation).
      const key = `${event.occurredAt} ${id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = copyRowOf(event);
      if (!row) return null;
      rows.push(row);
      inserted[owner.get(id) ?? 0] += 1;
    }
  }
  return { rows, inserted };
}

async function upsertRollups(client: PoolClient, rows: Iterable<RollupSourceRow>): Promise<void> {
  const rollups = new RollupAccumulator();
  for (const row of rows) rollups.add(row);
  await rollups.upsert(client);
}

/**
 * Writes several usage batches to request_logs and usage_rollups in one transaction and returns,
 * per batch, how many of its events were inserted (an event present in two of the batches counts
 * for the first). Rollups count only the rows this transaction inserted and commit with them: a
 * redelivered batch inserts nothing and adds nothing.
 *
 * Fast path: COPY the rows and compute the rollups from the events themselves — no per-row conflict
 * check, no rows sent back. COPY cannot skip a row already stored, so if an event of the group is
 * already stored (a redelivery), the COPY fails with a unique violation, the transaction rolls back and
 * the group is written again on the INSERT … ON CONFLICT DO NOTHING RETURNING path, whose rollups come
 * from the rows actually inserted. With `method` `insert` every group takes that path (a server without
 * COPY over the wire: PGlite's socket server loses protocol sync on COPY and then hangs every connection).
 */
export async function ingestBatches(pool: Pool, batches: ReadonlyArray<readonly UsageEvent[]>, method: UsageIngestMethod = 'copy'): Promise<number[]> {
  const owner = ownersOf(batches);
  const plan = method === 'copy' ? copyPlanOf(batches, owner) : null;
  if (plan) {
    try {
      await inTransaction(pool, async (client) => {
        await copyRequestLogs(client, plan.rows);
        await upsertRollups(client, plan.rows.map((r) => r.source));
      });
      return plan.inserted;
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    }
  }
  const events = batches.flat();
  const inserted = batches.map(() => 0);
  await inTransaction(pool, async (client) => {
    const returned: RollupSourceRow[] = [];
    for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
      for (const row of await insertRequestLogs(client, events.slice(i, i + ROWS_PER_STATEMENT))) {
        inserted[owner.get(row.event_id) ?? 0] += 1;
        returned.push(row);
      }
    }
    await upsertRollups(client, returned);
  });
  return inserted;
}
