import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import type { ChatUsage, GatewayEndpoint, Prices, SnapshotKey, UsageEvent } from '@sluice/contracts';
import type { z } from 'zod';
import type { cacheStatusSchema } from '@sluice/contracts';

type CacheStatus = z.output<typeof cacheStatusSchema>;
import { costOfUsage } from '@sluice/governance';
import { toGatewayError } from '../errors/gateway-exception.filter';
import type { GuardrailAction } from '@sluice/guardrails';
import type { AdmissionTicket } from '../governance/governance-gate';
import { describeActions } from '../guardrails/guarded-responder';
import type { ServedBy } from './chat-responder';

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

/** The model of a usage event whose request never named one the gateway could read. */
export const UNKNOWN_MODEL = 'unknown';

/** The `model` a request body names, whatever else is wrong with it. */
export function requestedModelOf(body: unknown): string | null {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' && model.length > 0 ? model.slice(0, 200) : null;
}

/** The client's `x-request-id` when it is safe to echo, else a new one. */
export function requestIdOf(req: FastifyRequest): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID_PATTERN.test(sent) ? sent : randomUUID();
}

/**
 * Everything measured about one authenticated request, turned into exactly one usage event when it
 * ends, whatever the outcome.
 */
export class RequestAccounting {
  readonly startedAt = new Date();
  private readonly t0 = performance.now();
  model = UNKNOWN_MODEL;
  stream = false;
  usage: ChatUsage | null = null;
  servedBy: ServedBy | null = null;
  ttftMs: number | null = null;
  /** Limits and budget reserved at admission, settled when the request ends. */
  admission: AdmissionTicket | null = null;
  cacheStatus: CacheStatus = 'bypass';
  /** What guardrails did (rule names and counts only). */
  readonly guardrailActions: GuardrailAction[] = [];
  /** Refused by a guardrail before any provider was called. */
  blocked = false;
  /** Prompt and/or response text, only when the logging policy asks for them (already redacted). */
  bodies: UsageEvent['bodies'] = undefined;
  private httpStatus = 200;
  private errorCode: string | null = null;

  constructor(
    readonly requestId: string,
    readonly key: SnapshotKey,
    readonly endpoint: GatewayEndpoint,
  ) {}

  failed(error: unknown): void {
    const failure = toGatewayError(error);
    this.httpStatus = failure.status;
    this.errorCode = failure.code;
  }

  /** `prices`: the serving deployment's override, else the catalog model's. */
  toUsageEvent(model: Prices | undefined): UsageEvent {
    const hit = this.cacheStatus === 'hit' || this.cacheStatus === 'semantic-hit';
    // A cached answer used no provider tokens and costs nothing.
    const usage = hit ? null : this.usage;
    return {
      eventId: randomUUID(),
      requestId: this.requestId,
      occurredAt: this.startedAt.toISOString(),
      orgId: this.key.orgId,
      teamId: this.key.teamId,
      apiKeyId: this.key.id,
      userId: this.key.userId,
      endpoint: this.endpoint,
      model: (this.servedBy?.modelName ?? this.model).slice(0, 200),
      provider: this.servedBy?.providerName ?? null,
      deploymentId: this.servedBy?.deploymentId ?? null,
      status: this.blocked ? 'blocked' : this.httpStatus >= 400 ? 'error' : hit ? 'cache_hit' : 'success',
      httpStatus: this.httpStatus,
      errorCode: this.errorCode,
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
      cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
      costUsd: usage && model ? costOfUsage(model, usage) : 0,
      latencyMs: round3(performance.now() - this.t0),
      ttftMs: this.ttftMs === null ? null : round3(this.ttftMs),
      stream: this.stream,
      cacheStatus: this.cacheStatus,
      metadata: this.guardrailActions.length > 0 ? { ...this.key.metadata, guardrails: describeActions(this.guardrailActions) } : this.key.metadata,
      ...(this.bodies && !this.blocked ? { bodies: this.bodies } : {}),
    };
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
