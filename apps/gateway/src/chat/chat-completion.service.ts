import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatUsage } from '@sluice/contracts';
import { costOfUsage } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import { SseDataParser } from '@sluice/providers';
import { assertModelAllowed, verifyVirtualKey } from '../auth/virtual-key-verifier';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { GatewayError } from '../errors/gateway-error';
import { toGatewayError } from '../errors/openai-exception.filter';
import { LOGGER } from '../logger.token';
import { SnapshotStore } from '../snapshot/snapshot-store';
import { UpstreamClient } from '../upstream/upstream-client';
import { mapUpstreamError, upstreamUnreachable } from '../upstream/upstream-error';
import { usageEventOf, type RequestOutcome } from '../usage/request-outcome';
import { UsageEventPublisher } from '../usage/usage-event-publisher';
import { parseChatRequest } from './chat-request';
import { resolveRoute, type ResolvedRoute } from './route-resolution';

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

function requestIdOf(req: FastifyRequest): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID_PATTERN.test(sent) ? sent : randomUUID();
}

/** POST /v1/chat/completions: authenticate, validate, route, forward (streaming or not), account. */
@Injectable()
export class ChatCompletionService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly store: SnapshotStore,
    private readonly upstream: UpstreamClient,
    private readonly usage: UsageEventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const startedAt = new Date();
    const t0 = performance.now();
    const requestId = requestIdOf(req);
    reply.header('x-request-id', requestId);
    const snapshot = this.store.current;
    const key = verifyVirtualKey(snapshot, this.config.SLUICE_KEY_PEPPER, req.headers);
    const outcome: RequestOutcome = {
      requestId, startedAt, latencyMs: 0, ttftMs: null, key, model: '', provider: null, deployment: null,
      stream: false, httpStatus: 200, errorCode: null, usage: null, costUsd: 0,
    };
    try {
      const body = parseChatRequest(req.body);
      outcome.model = body.model;
      outcome.stream = body.stream === true;
      assertModelAllowed(key, body.model);
      const route = resolveRoute(snapshot, body.model);
      outcome.provider = route.provider;
      outcome.deployment = route.deployment;
      reply.header('x-sluice-model', body.model).header('x-sluice-provider', route.provider.name);
      const clientWantsUsage = body.stream_options?.include_usage === true;
      await this.forward(route, route.adapter.buildChatCompletion(route.provider, route.deployment, body), outcome, req, reply, t0, clientWantsUsage);
    } catch (error) {
      const failure = toGatewayError(error);
      outcome.httpStatus = failure.status;
      outcome.errorCode = failure.code;
      throw failure;
    } finally {
      outcome.latencyMs = performance.now() - t0;
      if (outcome.usage && outcome.model) {
        const model = snapshot.model(outcome.model);
        outcome.costUsd = model ? costOfUsage(model, outcome.usage) : 0;
      }
      this.record(outcome);
    }
  }

  private async forward(
    route: ResolvedRoute,
    upstreamRequest: ReturnType<ResolvedRoute['adapter']['buildChatCompletion']>,
    outcome: RequestOutcome,
    req: FastifyRequest,
    reply: FastifyReply,
    t0: number,
    clientWantsUsage: boolean,
  ): Promise<void> {
    const abort = new AbortController();
    const onClientGone = () => {
      if (!reply.raw.writableFinished) abort.abort();
    };
    reply.raw.once('close', onClientGone);
    const timeout = setTimeout(() => abort.abort(new Error('timeout')), route.deployment.timeoutMs);
    let response;
    const tUpstream = performance.now();
    try {
      response = await this.upstream.send(upstreamRequest, route.deployment.timeoutMs, abort.signal);
    } catch (error) {
      clearTimeout(timeout);
      const timedOut = abort.signal.reason instanceof Error && abort.signal.reason.message === 'timeout';
      this.logger.warn({ requestId: outcome.requestId, provider: route.provider.name, err: error }, 'upstream call failed');
      throw upstreamUnreachable(route.provider.name, timedOut || (error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT');
    }
    try {
      if (response.statusCode >= 400) {
        const text = await response.body.text();
        const retryAfter = response.headers['retry-after'];
        throw mapUpstreamError(response.statusCode, text, typeof retryAfter === 'string' ? retryAfter : undefined, route.provider.name);
      }
      const isStream = String(response.headers['content-type'] ?? '').includes('text/event-stream');
      if (isStream) {
        await this.pipeStream(response.body, route, outcome, reply, t0, tUpstream, clientWantsUsage);
      } else {
        const text = await response.body.text();
        outcome.ttftMs = performance.now() - t0;
        outcome.usage = this.usageFromJson(route, text);
        reply.header('server-timing', serverTiming(t0, tUpstream));
        await reply.status(response.statusCode).header('content-type', 'application/json').send(text);
      }
    } finally {
      clearTimeout(timeout);
      reply.raw.off('close', onClientGone);
    }
  }

  private usageFromJson(route: ResolvedRoute, text: string): ChatUsage | null {
    try {
      return route.adapter.usageFromChatCompletion(JSON.parse(text));
    } catch {
      return null;
    }
  }

  /** Relays SSE events as they arrive, reading usage on the way; never buffers the whole response. */
  private async pipeStream(
    body: AsyncIterable<Buffer>,
    route: ResolvedRoute,
    outcome: RequestOutcome,
    reply: FastifyReply,
    t0: number,
    tUpstream: number,
    clientWantsUsage: boolean,
  ): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'server-timing': serverTiming(t0, tUpstream),
    });
    const parser = new SseDataParser();
    try {
      for await (const chunk of body) {
        for (const data of parser.push(chunk.toString('utf8'))) {
          outcome.ttftMs ??= performance.now() - t0;
          if (data !== '[DONE]') {
            const usage = this.streamUsage(route, data);
            if (usage) {
              outcome.usage = usage;
              if (!clientWantsUsage && isUsageOnlyChunk(data)) continue;
            }
          }
          raw.write(`data: ${data}\n\n`);
        }
      }
    } catch (error) {
      outcome.httpStatus = 502;
      outcome.errorCode = 'upstream_stream_interrupted';
      this.logger.warn({ requestId: outcome.requestId, err: error }, 'upstream stream interrupted');
      if (!raw.destroyed) {
        const failure = new GatewayError(502, 'api_error', 'upstream_stream_interrupted', 'The provider closed the stream before it finished.');
        raw.write(`data: ${JSON.stringify(failure.toOpenAi())}\n\n`);
      }
    } finally {
      raw.end();
    }
  }

  private streamUsage(route: ResolvedRoute, data: string): ChatUsage | null {
    if (!data.includes('"usage"')) return null;
    try {
      return route.adapter.usageFromStreamEvent(JSON.parse(data));
    } catch {
      return null;
    }
  }

  private record(outcome: RequestOutcome): void {
    if (!outcome.model) outcome.model = 'unknown';
    try {
      this.usage.publish(usageEventOf(outcome));
    } catch (error) {
      this.logger.error({ err: error, requestId: outcome.requestId }, 'usage event could not be built');
    }
  }
}

function isUsageOnlyChunk(data: string): boolean {
  try {
    const parsed = JSON.parse(data) as { choices?: unknown[] };
    return Array.isArray(parsed.choices) && parsed.choices.length === 0;
  } catch {
    return false;
  }
}

function serverTiming(t0: number, tUpstream: number): string {
  const gateway = tUpstream - t0;
  const upstream = performance.now() - tUpstream;
  return `gateway;dur=${gateway.toFixed(2)}, upstream;dur=${upstream.toFixed(2)}`;
}

