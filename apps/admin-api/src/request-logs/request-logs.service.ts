import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Problem } from '../errors/problem';
import { ANALYTICS_DATA_SOURCE } from '../analytics/analytics-database';
import { usageLabels } from '../analytics/usage-labels';
import { scopeConditions, SqlParams, usageScopeOf } from '../analytics/usage-scope';
import { toRequestLogView, type ListRequestLogsQuery, type RequestLogDetail, type RequestLogLabels, type RequestLogRow, type RequestLogView } from './request-log.dto';

const COLUMNS = `l.occurred_at, (extract(epoch FROM l.occurred_at) * 1000000)::bigint AS occurred_us, l.event_id, l.request_id, l.team_id, l.api_key_id,
  l.user_id, l.endpoint, l.model, l.provider, l.deployment_id, l.status, l.http_status, l.error_code, l.prompt_tokens,
  l.completion_tokens, l.cached_tokens, l.cost_usd, l.latency_ms, l.ttft_ms, l.stream, l.cache_status, l.metadata`;

const notFound = () => new Problem(404, 'not-found', 'No request log with this id.');

/** Request-log search over request_logs, newest first, limited to what the caller may see (same scope as analytics). */
@Injectable()
export class RequestLogsService {
  constructor(@Inject(ANALYTICS_DATA_SOURCE) private readonly db: DataSource) {}

  async list(principal: Principal, query: ListRequestLogsQuery): Promise<{ items: RequestLogView[]; nextCursor: string | null }> {
    const scope = usageScopeOf(principal);
    const params = new SqlParams();
    const conditions = scopeConditions(scope, 'l', params);
    if (query.from) conditions.push(`l.occurred_at >= ${params.add(query.from)}`);
    if (query.to) conditions.push(`l.occurred_at < ${params.add(query.to)}`);
    if (query.teamId) conditions.push(`l.team_id = ${params.add(query.teamId)}`);
    if (query.keyId) conditions.push(`l.api_key_id = ${params.add(query.keyId)}`);
    if (query.userId) conditions.push(`l.user_id = ${params.add(query.userId)}`);
    if (query.model) conditions.push(`l.model = ${params.add(query.model)}`);
    if (query.provider) conditions.push(`l.provider = ${params.add(query.provider)}`);
    if (query.status) conditions.push(`l.status = ${params.add(query.status)}`);
    if (query.cacheStatus) conditions.push(`l.cache_status = ${params.add(query.cacheStatus)}`);
    if (query.requestId) conditions.push(`l.request_id = ${params.add(query.requestId)}`);
    if (query.minLatencyMs !== undefined) conditions.push(`l.latency_ms >= ${params.add(query.minLatencyMs)}`);
    if (query.cursor) {
      const [micros, eventId] = query.cursor.split('_');
      conditions.push(`(l.occurred_at, l.event_id) < ('epoch'::timestamptz + ${params.add(micros)}::bigint * interval '1 microsecond', ${params.add(eventId)}::uuid)`);
    }
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM request_logs l WHERE ${conditions.join(' AND ')} ORDER BY l.occurred_at DESC, l.event_id DESC LIMIT ${params.add(query.limit + 1)}`,
      params.values,
    )) as RequestLogRow[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const labels = await this.labelsOf(scope.orgId, page);
    return { items: page.map((row) => toRequestLogView(row, labels)), nextCursor: rows.length > query.limit && last ? `${last.occurred_us}_${last.event_id}` : null };
  }

  async get(principal: Principal, id: string): Promise<RequestLogDetail> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound();
    const scope = usageScopeOf(principal);
    const params = new SqlParams();
    const conditions = scopeConditions(scope, 'l', params);
    conditions.push(`l.event_id = ${params.add(id)}`);
    const [row] = (await this.db.query(`SELECT ${COLUMNS}, l.bodies FROM request_logs l WHERE ${conditions.join(' AND ')} LIMIT 1`, params.values)) as RequestLogRow[];
    if (!row) throw notFound();
    return { ...toRequestLogView(row, await this.labelsOf(scope.orgId, [row])), bodies: row.bodies ?? null };
  }

  private async labelsOf(orgId: string, rows: readonly RequestLogRow[]): Promise<RequestLogLabels> {
    const [teams, keys, users] = await Promise.all([
      usageLabels(this.db, orgId, 'team', rows.map((r) => r.team_id)),
      usageLabels(this.db, orgId, 'key', rows.map((r) => r.api_key_id)),
      usageLabels(this.db, orgId, 'user', rows.map((r) => r.user_id)),
    ]);
    return { teams, keys, users };
  }
}
