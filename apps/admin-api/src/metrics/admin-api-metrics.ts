import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { createServiceRegistry, instrumentHttpServer, loadMetricsEnv, metricsResponse } from '@sluice/observability';

/**
 * The admin API's Prometheus registry: `sluice_admin_api_http_*` (requests, latency by route pattern
 * and status class, in flight) plus Node process metrics.
 */
export class AdminApiMetrics {
  readonly registry: Registry = createServiceRegistry();

  instrument(app: FastifyInstance): void {
    instrumentHttpServer(app, this.registry, { prefix: 'sluice_admin_api' });
  }
}

/**
 * Instruments the Fastify instance and serves `GET /metrics` on it directly: outside the Nest router,
 * so it is not an `/api` route (no session, no permission, not in the OpenAPI document). With
 * `METRICS_TOKEN` set it answers only `Authorization: Bearer <token>`.
 */
@Injectable()
export class AdminApiMetricsEndpoint implements OnModuleInit {
  private readonly token = loadMetricsEnv().METRICS_TOKEN;

  constructor(private readonly host: HttpAdapterHost, private readonly metrics: AdminApiMetrics) {}

  onModuleInit(): void {
    const app = this.host.httpAdapter.getInstance<FastifyInstance>();
    this.metrics.instrument(app);
    app.get('/metrics', async (req, reply) => {
      const res = await metricsResponse(this.metrics.registry, req.headers.authorization, this.token);
      return reply.status(res.status).header('content-type', res.contentType).header('cache-control', 'no-store').send(res.body);
    });
  }
}

export const adminApiMetricsProviders = [AdminApiMetrics, AdminApiMetricsEndpoint];
