import type { Pool, PoolClient } from 'pg';
import { governanceScopeSchema, loggingPolicySchema, type GovernanceScope } from '@sluice/contracts';

const DAY = 86_400_000;
/** Serialises retention runs across worker processes (arbitrary constant, unique within Sluice). */
export const REQUEST_LOG_RETENTION_LOCK_KEY = 7_310_042_101;
/** Days kept when no logging policy applies: the logging policy's own default. */
export const DEFAULT_REQUEST_LOG_RETENTION_DAYS = loggingPolicySchema.parse({}).retentionDays;

/** A logging policy's retention, attached to one scope. */
export interface RetentionRule {
  orgId: string;
  scope: GovernanceScope;
  scopeId: string;
  days: number;
}

export interface RequestLogRetentionResult {
  /** False when another worker held the retention lock (nothing was done). */
  ran: boolean;
  droppedPartitions: string[];
  deletedRows: number;
}

/** Every attached logging policy's retention (most specific scope wins per row, like the gateway's `loggingPolicyFor`). */
export async function readRetentionRules(db: Pool | PoolClient): Promise<RetentionRule[]> {
  const { rows } = await db.query<{ org_id: string; scope_type: string; scope_id: string; spec: unknown }>(
    `SELECT a.org_id, a.scope_type, a.scope_id, p.spec FROM policy_attachments a JOIN policies p ON p.id = a.policy_id WHERE a.kind = 'logging'`,
  );
  return rows.map((row) => {
    const spec = loggingPolicySchema.safeParse(row.spec);
    const scope = governanceScopeSchema.safeParse(row.scope_type);
    // Skipping an unreadable policy could delete logs it keeps longer: nothing is deleted until it is fixed.
    if (!spec.success || !scope.success) throw new Error(`logging policy attached to ${row.scope_type} ${row.scope_id} cannot be read; request-log retention skipped`);
    return { orgId: row.org_id, scope: scope.data, scopeId: row.scope_id, days: spec.data.retentionDays };
  });
}

/**
 * The longest any request log of any organization is kept: for each org, the longest of its logging
 * policies (any scope) and of what applies to rows no finer policy covers (the org's policy, else the
 * default). A daily partition older than this is expired for every org.
 */
export function longestRetentionDays(rules: readonly RetentionRule[], orgIds: readonly string[]): number {
  let longest = 0;
  for (const orgId of orgIds) {
    const own = rules.filter((r) => r.orgId === orgId);
    const orgLevel = own.find((r) => r.scope === 'org')?.days ?? DEFAULT_REQUEST_LOG_RETENTION_DAYS;
    longest = Math.max(longest, orgLevel, ...own.map((r) => r.days));
  }
  return longest;
}

/**
 * Request-log retention, one pass:
 * 1. every daily partition of request_logs whose whole day is older than the longest retention of any
 *    organization is dropped (DROP TABLE: no row-by-row delete, no bloat);
 * 2. in what remains (younger partitions and the DEFAULT partition), rows older than their own
 *    retention are deleted in batches: the retention of the most specific logging policy that applies
 *    to the row (key, then user, team, org — as the gateway chooses the policy that logged it), else
 *    the default. The stored prompt/response text is in the row (`bodies`), so it goes with it.
 * usage_rollups (aggregates without text) and audit_events are never touched by this job.
 */
export async function applyRequestLogRetention(pool: Pool, now: Date, options: { batchSize: number }): Promise<RequestLogRetentionResult> {
  const client = await pool.connect();
  try {
    const rules = await readRetentionRules(client);
    const orgIds = (await client.query<{ id: string }>('SELECT id FROM organizations')).rows.map((r) => r.id);
    const longest = longestRetentionDays(rules, orgIds);
    const droppedPartitions = await dropExpiredPartitions(client, new Date(now.getTime() - longest * DAY));
    if (droppedPartitions === null) return { ran: false, droppedPartitions: [], deletedRows: 0 };
    const deletedRows = await deleteExpiredRows(client, rules, now, options.batchSize);
    if (deletedRows === null) return { ran: false, droppedPartitions, deletedRows: 0 };
    return { ran: true, droppedPartitions, deletedRows };
  } finally {
    client.release();
  }
}

/**
 * Runs `work` in a transaction holding the retention lock (transaction-scoped, so it also works
 * through a transaction-pooling PgBouncer); null without running it when another worker holds it.
 * Every step of a pass (each partition drop, each delete batch) takes it: two workers never work at
 * the same time, and a pass that finds the lock taken stops (the other worker is doing the job).
 */
async function underRetentionLock<T>(client: PoolClient, work: () => Promise<T>): Promise<T | null> {
  await client.query('BEGIN');
  try {
    const [{ locked }] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [REQUEST_LOG_RETENTION_LOCK_KEY])).rows;
    if (!locked) {
      await client.query('ROLLBACK');
      return null;
    }
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Drops the daily partitions (never the DEFAULT one) whose upper bound is at or before `cutoff`; null when another worker holds the lock. */
async function dropExpiredPartitions(client: PoolClient, cutoff: Date): Promise<string[] | null> {
  const { rows } = await client.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'request_logs'::regclass AND c.relname ~ '^request_logs_p[0-9]{8}$'
      ORDER BY c.relname`,
  );
  const dropped: string[] = [];
  for (const row of rows) {
    const upper = /TO \('([^']+)'\)/.exec(row.bound)?.[1];
    if (!upper || new Date(upper).getTime() > cutoff.getTime()) continue;
    // The name matched ^request_logs_p[0-9]{8}$ above: safe to interpolate.
    const done = await underRetentionLock(client, () => client.query(`DROP TABLE IF EXISTS ${row.name}`));
    if (done === null) return dropped.length > 0 ? dropped : null;
    dropped.push(row.name);
  }
  return dropped;
}

/**
 * Deletes rows past their own retention. The rows older than the shortest retention are walked once,
 * in primary-key order (`occurred_at`, `event_id`), `batchSize` at a time, each batch one short
 * statement; rows kept by a longer retention are passed over, not read again by later batches.
 */
async function deleteExpiredRows(client: PoolClient, rules: readonly RetentionRule[], now: Date, batchSize: number): Promise<number | null> {
  const shortest = Math.min(DEFAULT_REQUEST_LOG_RETENTION_DAYS, ...rules.map((r) => r.days));
  const olderThan = new Date(now.getTime() - shortest * DAY);
  const policies = JSON.stringify(rules.map((r) => ({ scope: r.scope, scope_id: r.scopeId, days: r.days })));
  let deleted = 0;
  // The last key is carried as text: timestamptz keeps microseconds, a JS Date would not.
  let after: { at: string; eventId: string } = { at: '-infinity', eventId: '00000000-0000-0000-0000-000000000000' };
  for (;;) {
    const result = await underRetentionLock(client, () => client.query<{ deleted: string; scanned: string; last_at: string | null; last_event_id: string | null }>(
      `WITH lp AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(scope text, scope_id uuid, days int)),
            candidates AS (
              SELECT r.occurred_at, r.event_id,
                     r.occurred_at < $3::timestamptz - make_interval(days => COALESCE(
                       (SELECT days FROM lp WHERE scope = 'key' AND scope_id = r.api_key_id),
                       (SELECT days FROM lp WHERE scope = 'user' AND scope_id = r.user_id),
                       (SELECT days FROM lp WHERE scope = 'team' AND scope_id = r.team_id),
                       (SELECT days FROM lp WHERE scope = 'org' AND scope_id = r.org_id),
                       $4::int)) AS expired
                FROM request_logs r
               WHERE r.occurred_at < $2 AND (r.occurred_at, r.event_id) > ($6::timestamptz, $7::uuid)
               ORDER BY r.occurred_at, r.event_id
               LIMIT $5),
            gone AS (
              DELETE FROM request_logs d USING candidates c
               WHERE c.expired AND d.occurred_at = c.occurred_at AND d.event_id = c.event_id
              RETURNING 1),
            last AS (SELECT occurred_at, event_id FROM candidates ORDER BY occurred_at DESC, event_id DESC LIMIT 1)
       SELECT (SELECT count(*) FROM gone) AS deleted, (SELECT count(*) FROM candidates) AS scanned,
              (SELECT occurred_at::text FROM last) AS last_at, (SELECT event_id FROM last) AS last_event_id`,
      [policies, olderThan, now, DEFAULT_REQUEST_LOG_RETENTION_DAYS, batchSize, after.at, after.eventId],
    ));
    if (result === null) return deleted > 0 ? deleted : null;
    const [batch] = result.rows;
    deleted += Number(batch.deleted);
    if (Number(batch.scanned) < batchSize || !batch.last_at || !batch.last_event_id) return deleted;
    after = { at: batch.last_at, eventId: batch.last_event_id };
  }
}
