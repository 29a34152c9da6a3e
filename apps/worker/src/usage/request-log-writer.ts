import type { Pool, PoolClient } from 'pg';
import type { UsageEvent } from '@sluice/contracts';
import { ROLLUP_SOURCE_COLUMNS, type RollupSourceRow } from '../rollups/usage-rollups';
import { costDecimal } from './cost-decimal';

/** request_logs columns written from a usage event, with the array type each is sent as. */
const COLUMNS = [
  ['event_id', 'uuid'], ['request_id', 'text'], ['occurred_at', 'timestamptz'], ['org_id', 'uuid'], ['team_id', 'uuid'],
  ['api_key_id', 'uuid'], ['user_id', 'uuid'], ['endpoint', 'text'], ['model', 'text'], ['provider', 'text'],
  ['deployment_id', 'text'], ['status', 'text'], ['http_status', 'smallint'], ['error_code', 'text'], ['prompt_tokens', 'integer'],
  ['completion_tokens', 'integer'], ['cached_tokens', 'integer'], ['cost_usd', 'numeric'], ['latency_ms', 'double precision'],
  ['ttft_ms', 'double precision'], ['stream', 'boolean'], ['cache_status', 'text'], ['metadata', 'jsonb'], ['bodies', 'jsonb'],
] as const;

/** The request_logs columns a usage event fills, in the order both write paths (INSERT and COPY) send them. */
export const REQUEST_LOG_COLUMN_NAMES: readonly string[] = COLUMNS.map(([name]) => name);

function rowOf(e: UsageEvent): unknown[] {
  return [
    e.eventId, e.requestId, e.occurredAt, e.orgId, e.teamId, e.apiKeyId, e.userId, e.endpoint, e.model, e.provider,
    e.deploymentId, e.status, e.httpStatus, e.errorCode, e.promptTokens, e.completionTokens, e.cachedTokens,
    // The same rounded text the COPY path writes, so both paths store the same cost.
    costDecimal(e.costUsd) ?? e.costUsd,
    e.latencyMs, e.ttftMs, e.stream, e.cacheStatus, JSON.stringify(e.metadata),
    // Prompt/response text only when the gateway's logging policy put it in the event.
    e.bodies ? JSON.stringify(e.bodies) : null,
  ];
}

/** The INSERT: one array parameter per column (unnest), so its text and its 24 parameters do not grow with the row count. */
const INSERT_SQL = `INSERT INTO request_logs (${REQUEST_LOG_COLUMN_NAMES.join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT DO NOTHING RETURNING event_id, ${ROLLUP_SOURCE_COLUMNS}`;

/** A row inserted into request_logs: its event id and the columns rollups are computed from. */
export type InsertedRequestLog = RollupSourceRow & { event_id: string };

/**
 * Inserts usage events into request_logs in one statement. Redelivered events collide on
 * (occurred_at, event_id) and are skipped, so ingestion is idempotent. Returns the rows actually
 * inserted (event id and the columns rollups are computed from), never the skipped ones.
 */
export async function insertRequestLogs(db: Pool | PoolClient, events: readonly UsageEvent[]): Promise<InsertedRequestLog[]> {
  if (events.length === 0) return [];
  const columns: unknown[][] = COLUMNS.map(() => new Array<unknown>(events.length));
  events.forEach((event, row) => {
    rowOf(event).forEach((value, col) => {
      columns[col][row] = value;
    });
  });
  const result = await db.query<InsertedRequestLog>(INSERT_SQL, columns);
  return result.rows;
}
