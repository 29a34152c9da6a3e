import type { Pool, PoolClient } from 'pg';
import type { UsageEvent } from '@sluice/contracts';
import { ROLLUP_SOURCE_COLUMNS, type RollupSourceRow } from '../rollups/usage-rollups';

const COLUMNS = [
  'event_id', 'request_id', 'occurred_at', 'org_id', 'team_id', 'api_key_id', 'user_id', 'endpoint', 'model', 'provider',
  'deployment_id', 'status', 'http_status', 'error_code', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd',
  'latency_ms', 'ttft_ms', 'stream', 'cache_status', 'metadata', 'bodies',
] as const;

function rowOf(e: UsageEvent): unknown[] {
  return [
    e.eventId, e.requestId, e.occurredAt, e.orgId, e.teamId, e.apiKeyId, e.userId, e.endpoint, e.model, e.provider,
    e.deploymentId, e.status, e.httpStatus, e.errorCode, e.promptTokens, e.completionTokens, e.cachedTokens, e.costUsd,
    e.latencyMs, e.ttftMs, e.stream, e.cacheStatus, JSON.stringify(e.metadata),
    // Prompt/response text only when the gateway's logging policy put it in the event.
    e.bodies ? JSON.stringify(e.bodies) : null,
  ];
}

/**
 * Inserts usage events into request_logs in one multi-row statement. Redelivered events collide
 * on (occurred_at, event_id) and are skipped, so ingestion is idempotent. Returns the rows actually
 * inserted (the columns rollups are computed from), never the skipped ones.
 */
export async function insertRequestLogs(db: Pool | PoolClient, events: readonly UsageEvent[]): Promise<RollupSourceRow[]> {
  if (events.length === 0) return [];
  const values: unknown[] = [];
  const tuples = events.map((event, row) => {
    values.push(...rowOf(event));
    const base = row * COLUMNS.length;
    return `(${COLUMNS.map((_, col) => `$${base + col + 1}`).join(', ')})`;
  });
  const sql = `INSERT INTO request_logs (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING ${ROLLUP_SOURCE_COLUMNS}`;
  const result = await db.query<RollupSourceRow>(sql, values);
  return result.rows;
}
