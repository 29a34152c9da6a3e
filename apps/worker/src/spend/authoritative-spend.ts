import type { Pool } from 'pg';
import type { GovernanceScope } from '@sluice/contracts';
import type { BudgetCounter } from './budget-counters';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The request_logs / usage_rollups column that identifies each budget scope. */
const SCOPE_COLUMN: Record<GovernanceScope, string> = { org: 'org_id', team: 'team_id', user: 'user_id', key: 'api_key_id' };

/**
 * The spend of one counter's scope and period from ingested usage events, as it stood at a Redis
 * snapshot taken between `from` and `to` (already widened by the clock-skew allowance).
 *
 * The gateway books a request's cost into Redis when the request ends, so the counter at the snapshot
 * holds the requests of the period that *ended* before it: events with `occurred_at` (request start,
 * which also chose the period) in the period and `occurred_at + latency_ms` before the snapshot.
 * Requests that ended inside [from, to] may or may not be in the snapshot, hence two sums: `lowNanos`
 * (ended before `from`) and `highNanos` (ended by `to`). Any counter value in between is consistent.
 *
 * Each event's cost is booked as `ceil(cost × 1e9)` nano-USD, like the gateway; `events` bounds the
 * rounding difference (request_logs keeps 10 decimals, the gateway rounds the full double: at most one
 * nano-USD per event either way).
 *
 * Days that ended more than an hour before `from` come from the day-grain usage_rollups (requests last
 * at most 10 minutes, so every request of those days had ended, and request-log retention may have
 * deleted their rows); the rest from request_logs.
 */
export async function authoritativeSpend(pool: Pool, counter: BudgetCounter, from: Date, to: Date): Promise<{ lowNanos: bigint; highNanos: bigint; events: bigint }> {
  const column = SCOPE_COLUMN[counter.scope];
  const rawFrom = new Date(Math.floor((from.getTime() - HOUR) / DAY) * DAY);
  const periodStart = counter.periodStart;
  const rawStart = periodStart && periodStart > rawFrom ? periodStart : rawFrom;
  const periodEnd = counter.periodEnd ?? new Date(8.64e15);
  const [rolled] = (
    await pool.query<{ nanos: string; events: string }>(
      `SELECT COALESCE(CEIL(SUM(cost_usd) * 1000000000), 0)::bigint AS nanos, COALESCE(SUM(request_count), 0)::bigint AS events
         FROM usage_rollups
        WHERE grain = 'day' AND org_id = $1 AND ${column} = $2 AND bucket_start < $3 AND ($4::timestamptz IS NULL OR bucket_start >= $4)`,
      [counter.orgId, counter.scopeId, rawStart, periodStart],
    )
  ).rows;
  const [raw] = (
    await pool.query<{ low: string; high: string; events: string }>(
      `SELECT COALESCE(SUM(CEIL(cost_usd * 1000000000)) FILTER (WHERE ended_at < $5), 0)::bigint AS low,
              COALESCE(SUM(CEIL(cost_usd * 1000000000)), 0)::bigint AS high,
              COUNT(*)::bigint AS events
         FROM (SELECT cost_usd, occurred_at + latency_ms * interval '1 millisecond' AS ended_at
                 FROM request_logs
                WHERE org_id = $1 AND ${column} = $2 AND occurred_at >= $3 AND occurred_at < $4) AS period_events
        WHERE ended_at <= $6`,
      [counter.orgId, counter.scopeId, rawStart, periodEnd, from, to],
    )
  ).rows;
  const base = BigInt(rolled.nanos);
  return { lowNanos: base + BigInt(raw.low), highNanos: base + BigInt(raw.high), events: BigInt(rolled.events) + BigInt(raw.events) };
}
