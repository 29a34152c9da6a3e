import { randomUUID } from 'node:crypto';
import type { ChatUsage, SnapshotDeployment, SnapshotKey, SnapshotProvider, UsageEvent } from '@sluice/contracts';

/** What the gateway learned about one request; turned into exactly one usage event. */
export interface RequestOutcome {
  requestId: string;
  startedAt: Date;
  latencyMs: number;
  ttftMs: number | null;
  key: SnapshotKey;
  model: string;
  provider: SnapshotProvider | null;
  deployment: SnapshotDeployment | null;
  stream: boolean;
  httpStatus: number;
  errorCode: string | null;
  usage: ChatUsage | null;
  costUsd: number;
}

export function usageEventOf(outcome: RequestOutcome): UsageEvent {
  const usage = outcome.usage;
  return {
    eventId: randomUUID(),
    requestId: outcome.requestId,
    occurredAt: outcome.startedAt.toISOString(),
    orgId: outcome.key.orgId,
    teamId: outcome.key.teamId,
    apiKeyId: outcome.key.id,
    userId: outcome.key.userId,
    endpoint: 'chat.completions',
    model: outcome.model.slice(0, 200),
    provider: outcome.provider?.name ?? null,
    deploymentId: outcome.deployment?.id ?? null,
    status: outcome.httpStatus < 400 ? 'success' : 'error',
    httpStatus: outcome.httpStatus,
    errorCode: outcome.errorCode,
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    costUsd: outcome.costUsd,
    latencyMs: Math.round(outcome.latencyMs * 1000) / 1000,
    ttftMs: outcome.ttftMs === null ? null : Math.round(outcome.ttftMs * 1000) / 1000,
    stream: outcome.stream,
    cacheStatus: 'bypass',
    metadata: {},
  };
}
