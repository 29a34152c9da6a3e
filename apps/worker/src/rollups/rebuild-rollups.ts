import type { Pool } from 'pg';
import { ROLLUP_SOURCE_COLUMNS, RollupAccumulator, type RollupSourceRow } from './usage-rollups';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface RebuildResult {
  /** UTC days rebuilt, as YYYY-MM-DD. */
  days: string[];
  /** request_logs rows read. */
  requests: number;
}

function floorDay(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS) * DAY_MS;
}

/**
 * Deletes and recomputes usage_rollups and usage_team_rollups from request_logs for every UTC day that
 * [from, to) touches (whole days, because a day rollup covers its whole day). One transaction per day,
 * holding EXCLUSIVE locks on both tables: ingestion waits for it (its request_logs rows, not yet committed,
 * are not read here and add their rollups after), so nothing is missed or counted twice.
 * request_logs is read an hour at a time, so memory is bounded by the number of rollup groups of a day.
 */
export async function rebuildRollups(pool: Pool, from: Date, to: Date, onDay?: (day: string, requests: number) => void): Promise<RebuildResult> {
  if (!(from.getTime() < to.getTime())) throw new RangeError('--from must be before --to');
  const result: RebuildResult = { days: [], requests: 0 };
  for (let day = floorDay(from); day < to.getTime(); day += DAY_MS) {
    const client = await pool.connect();
    let requests = 0;
    try {
      await client.query('BEGIN');
      // Ingestion writes usage_rollups before usage_team_rollups; locking in the same order cannot deadlock with it.
      await client.query('LOCK TABLE usage_rollups, usage_team_rollups IN EXCLUSIVE MODE');
      for (const table of ['usage_rollups', 'usage_team_rollups']) {
        await client.query(`DELETE FROM ${table} WHERE bucket_start >= $1 AND bucket_start < $2`, [new Date(day), new Date(day + DAY_MS)]);
      }
      const rollups = new RollupAccumulator();
      for (let hour = day; hour < day + DAY_MS; hour += HOUR_MS) {
        const { rows } = await client.query<RollupSourceRow>(
          `SELECT ${ROLLUP_SOURCE_COLUMNS} FROM request_logs WHERE occurred_at >= $1 AND occurred_at < $2`,
          [new Date(hour), new Date(hour + HOUR_MS)],
        );
        for (const row of rows) rollups.add(row);
        requests += rows.length;
      }
      await rollups.upsert(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const label = new Date(day).toISOString().slice(0, 10);
    result.days.push(label);
    result.requests += requests;
    onDay?.(label, requests);
  }
  return result;
}
