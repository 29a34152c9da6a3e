import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { emptyHistogram, latencyBucketOf } from '@sluice/contracts';

/** One gateway request as the tests describe it; the rest of the request_logs row is filled in. */
export interface UsageFixtureEvent {
  occurredAt: Date;
  orgId: string;
  teamId: string | null;
  apiKeyId: string | null;
  userId: string | null;
  model: string;
  provider: string | null;
  status: 'success' | 'error' | 'cache_hit' | 'blocked';
  httpStatus: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  cacheStatus: 'hit' | 'miss' | 'semantic-hit' | 'bypass';
  requestId?: string;
}

const GRAINS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Writes events into request_logs and their usage_rollups and usage_team_rollups, computed the way the worker does (same
 * histogram layout from @sluice/contracts), so admin API reads can be checked against the raw events.
 */
export async function insertUsage(dataSource: DataSource, events: UsageFixtureEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500);
    const values: unknown[] = [];
    const rows = chunk.map((e) => {
      const base = values.length;
      values.push(e.occurredAt, randomUUID(), e.requestId ?? randomUUID(), e.orgId, e.teamId, e.apiKeyId, e.userId, e.model, e.provider, e.status, e.httpStatus, e.status === 'error' ? 'upstream_error' : null, e.promptTokens, e.completionTokens, e.costUsd.toFixed(10), e.latencyMs, e.cacheStatus);
      return `(${Array.from({ length: 17 }, (_, j) => `$${base + j + 1}`).join(', ')}, 'chat.completions')`;
    });
    await dataSource.query(
      `INSERT INTO request_logs (occurred_at, event_id, request_id, org_id, team_id, api_key_id, user_id, model, provider, status, http_status, error_code, prompt_tokens, completion_tokens, cost_usd, latency_ms, cache_status, endpoint) VALUES ${rows.join(', ')}`,
      values,
    );
  }

  // usage_rollups per key and user, usage_team_rollups without them (what the worker writes to both).
  type Group = { grain: string; start: Date; e: UsageFixtureEvent; requests: number; errors: number; prompt: number; completion: number; cost: number; hits: number; semantic: number; latencySum: number; buckets: number[] };
  const groups = new Map<string, Group>();
  const teamGroups = new Map<string, Group>();
  for (const e of events) {
    for (const [grain, ms] of Object.entries(GRAINS)) {
      const start = new Date(Math.floor(e.occurredAt.getTime() / ms) * ms);
      for (const [map, key] of [
        [groups, [grain, start.toISOString(), e.orgId, e.teamId, e.apiKeyId, e.userId, e.model, e.provider].join('|')],
        [teamGroups, [grain, start.toISOString(), e.orgId, e.teamId, e.model, e.provider].join('|')],
      ] as const) {
        let g = map.get(key);
        if (!g) map.set(key, (g = { grain, start, e, requests: 0, errors: 0, prompt: 0, completion: 0, cost: 0, hits: 0, semantic: 0, latencySum: 0, buckets: emptyHistogram() }));
        g.requests++;
        if (e.status === 'error') g.errors++;
        g.prompt += e.promptTokens;
        g.completion += e.completionTokens;
        g.cost += Math.round(e.costUsd * 1e10);
        if (e.cacheStatus === 'hit') g.hits++;
        if (e.cacheStatus === 'semantic-hit') g.semantic++;
        g.latencySum += e.latencyMs;
        g.buckets[latencyBucketOf(e.latencyMs)]++;
      }
    }
  }
  const measures = 'request_count, error_count, prompt_tokens, completion_tokens, cost_usd, cache_hit_count, semantic_cache_hit_count, latency_ms_sum, latency_buckets';
  for (const [table, dimensions, list] of [
    ['usage_rollups', ['grain', 'bucket_start', 'org_id', 'team_id', 'api_key_id', 'user_id', 'model', 'provider'], [...groups.values()]],
    ['usage_team_rollups', ['grain', 'bucket_start', 'org_id', 'team_id', 'model', 'provider'], [...teamGroups.values()]],
  ] as const) {
    const columns = dimensions.length + 9;
    for (let i = 0; i < list.length; i += 500) {
      const values: unknown[] = [];
      const rows = list.slice(i, i + 500).map((g) => {
        const base = values.length;
        const dims = { grain: g.grain, bucket_start: g.start, org_id: g.e.orgId, team_id: g.e.teamId, api_key_id: g.e.apiKeyId, user_id: g.e.userId, model: g.e.model, provider: g.e.provider };
        values.push(...dimensions.map((d) => dims[d]), g.requests, g.errors, g.prompt, g.completion, (g.cost / 1e10).toFixed(10), g.hits, g.semantic, g.latencySum, g.buckets);
        return `(${Array.from({ length: columns }, (_, j) => `$${base + j + 1}`).join(', ')})`;
      });
      await dataSource.query(`INSERT INTO ${table} (${dimensions.join(', ')}, ${measures}) VALUES ${rows.join(', ')}`, values);
    }
  }
}

/** The exact q-quantile (nearest rank) of raw latencies, to compare with histogram percentiles. */
export function exactPercentile(latencies: number[], q: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}
