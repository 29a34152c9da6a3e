import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@sluice/observability';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { isAnthropicRoute, toAnthropicError } from '../errors/anthropic-error';
import { GatewayError } from '../errors/gateway-error';
import { LOGGER } from '../logger.token';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { requestIdOf } from '../proxy/request-accounting';
import { LoadShedder } from './load-shedder';

const RETRY_AFTER_SECONDS = '1';
const LOG_EVERY_MS = 10_000;

/**
 * Load shedding at the door (GATEWAY_MAX_IN_FLIGHT): an API request the gateway cannot take now is answered before its body is read or its key checked —
 * 503 in OpenAI's format, 529 `overloaded_error` on Anthropic's routes, `retry-after: 1`. Health
 * probes and metrics are never shed, and readiness stays 200: failing it would take every saturated
 * instance out of the load balancer at once. Registers nothing when the bound is 0 (the default).
 */
@Injectable()
export class OverloadGuard implements OnModuleInit {
  readonly shedder: LoadShedder;
  private shedSinceLog = 0;
  private lastLogAt = 0;

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly metrics: GatewayMetrics,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.shedder = new LoadShedder(config.GATEWAY_MAX_IN_FLIGHT);
  }

  onModuleInit(): void {
    if (!this.shedder.enabled) return;
    const shedder = this.shedder;
    const release = () => shedder.release();
    this.host.httpAdapter.getInstance<FastifyInstance>().addHook('onRequest', (req, reply, done) => {
      if (!req.url.startsWith('/v1/')) return done();
      if (shedder.admit()) {
        reply.raw.once('close', release);
        return done();
      }
      this.refuse(req, reply);
    });
  }

  private refuse(req: FastifyRequest, reply: FastifyReply): void {
    this.metrics.requestShed();
    this.noteShed();
    const anthropic = isAnthropicRoute(req.url);
    const error = new GatewayError(anthropic ? 529 : 503, 'api_error', 'gateway_overloaded', 'The gateway is overloaded. Retry in a moment.');
    void reply
      .code(error.status)
      .header('retry-after', RETRY_AFTER_SECONDS)
      .header('x-request-id', requestIdOf(req))
      .header('content-type', 'application/json; charset=utf-8')
      .send(anthropic ? toAnthropicError(error) : error.toOpenAi());
  }

  /** One warning per LOG_EVERY_MS while shedding, not one per refused request. */
  private noteShed(): void {
    this.shedSinceLog += 1;
    const now = Date.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.logger.warn({ refused: this.shedSinceLog, inFlight: this.shedder.current }, 'gateway overloaded: refusing new API requests beyond GATEWAY_MAX_IN_FLIGHT (load shedding)');
    this.shedSinceLog = 0;
    this.lastLogAt = now;
  }
}
