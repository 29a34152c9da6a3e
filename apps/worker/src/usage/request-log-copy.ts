import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { UsageEvent } from '@sluice/contracts';
import type { RollupSourceRow } from '../rollups/usage-rollups';
import { REQUEST_LOG_COLUMN_NAMES } from './request-log-writer';
import { costDecimal } from './cost-decimal';

/**
 * occurred_at texts Postgres stores exactly (at most microseconds, a full offset) and JavaScript reads
 * as the same instant: a row's rollup buckets computed here then match the stored timestamp.
 */
const EXACT_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)$/;
/** A lone UTF-16 surrogate is stored as U+FFFD, so the text would not match what the rollup key holds. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A usage event ready for COPY: its request_logs line and the rollup source row of exactly what is stored. */
export interface CopyRow {
  line: string;
  source: RollupSourceRow;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

const lower = (id: string | null): string | null => (id === null ? null : id.toLowerCase());

/**
 * The event as a COPY row, or null when the rows Postgres would store could differ from what the worker
 * computes its rollups from (a timestamp with sub-microsecond digits, a cost beyond numeric(18, 10), a
 * lone surrogate in a rollup dimension): such events take the INSERT … RETURNING path instead.
 */
export function copyRowOf(e: UsageEvent): CopyRow | null {
  const cost = costDecimal(e.costUsd);
  const occurredAt = new Date(e.occurredAt);
  if (cost === null || !EXACT_TIMESTAMP.test(e.occurredAt) || Number.isNaN(occurredAt.getTime())) return null;
  if (LONE_SURROGATE.test(e.model) || (e.provider !== null && LONE_SURROGATE.test(e.provider))) return null;
  // The order of REQUEST_LOG_COLUMN_NAMES.
  const line = [
    e.eventId, text(e.requestId), e.occurredAt, e.orgId, text(e.teamId), text(e.apiKeyId), text(e.userId), text(e.endpoint), text(e.model),
    text(e.provider), text(e.deploymentId), text(e.status), String(e.httpStatus), text(e.errorCode), String(e.promptTokens),
    String(e.completionTokens), String(e.cachedTokens), cost, String(e.latencyMs), e.ttftMs === null ? '\\N' : String(e.ttftMs),
    e.stream ? 't' : 'f', text(e.cacheStatus), text(JSON.stringify(e.metadata)), e.bodies ? text(JSON.stringify(e.bodies)) : '\\N',
  ].join('\t');
  return {
    line,
    source: {
      occurred_at: occurredAt, org_id: e.orgId.toLowerCase(), team_id: lower(e.teamId), api_key_id: lower(e.apiKeyId), user_id: lower(e.userId),
      model: e.model, provider: e.provider, status: e.status, http_status: e.httpStatus, prompt_tokens: e.promptTokens,
      completion_tokens: e.completionTokens, cached_tokens: e.cachedTokens, cost_usd: cost, latency_ms: e.latencyMs, cache_status: e.cacheStatus,
    },
  };
}

const COPY_SQL = `COPY request_logs (${REQUEST_LOG_COLUMN_NAMES.join(', ')}) FROM STDIN`;
const LINES_PER_CHUNK = 500;

function* chunksOf(rows: readonly CopyRow[]): Generator<string> {
  for (let i = 0; i < rows.length; i += LINES_PER_CHUNK) {
    yield `${rows
      .slice(i, i + LINES_PER_CHUNK)
      .map((r) => r.line)
      .join('\n')}\n`;
  }
}

/**
 * Writes the rows to request_logs with COPY (routed to the daily partitions by Postgres). COPY has no
 * ON CONFLICT: a row already present fails the whole COPY with a unique violation (23505), and the
 * caller's transaction must be rolled back.
 */
export async function copyRequestLogs(client: PoolClient, rows: readonly CopyRow[]): Promise<void> {
  if (rows.length === 0) return;
  await pipeline(Readable.from(chunksOf(rows)), client.query(copyFrom(COPY_SQL)));
}
