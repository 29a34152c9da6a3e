import { setTimeout as delay } from 'node:timers/promises';
import type { Pool } from 'pg';

export interface UsageRowCount {
  /** request_logs rows for the given request ids. */
  rows: number;
  /** Distinct request ids among them. */
  distinct: number;
}

/**
 * Waits until request_logs holds at least `expected` rows for `requestIds` and the count has not
 * changed for `stableMs` (so late duplicates would show), or until `timeoutMs`; returns the last count.
 */
export async function settledUsageRows(pool: Pool, requestIds: string[], expected: number, options: { timeoutMs?: number; stableMs?: number } = {}): Promise<UsageRowCount> {
  const { timeoutMs = 120_000, stableMs = 1500 } = options;
  const deadline = Date.now() + timeoutMs;
  let last: UsageRowCount = { rows: -1, distinct: -1 };
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const { rows } = await pool.query<UsageRowCount>(
      'SELECT count(*)::int AS rows, count(DISTINCT request_id)::int AS distinct FROM request_logs WHERE request_id = ANY($1)',
      [requestIds],
    );
    if (rows[0].rows !== last.rows) stableSince = Date.now();
    last = rows[0];
    if (last.rows >= expected && Date.now() - stableSince >= stableMs) return last;
    await delay(250);
  }
  return last;
}
