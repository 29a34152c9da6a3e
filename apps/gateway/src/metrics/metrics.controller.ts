import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { metricsResponse, type MetricsEnv } from '@sluice/observability';
import { GatewayMetrics } from './gateway-metrics';

export const METRICS_ENV = Symbol('METRICS_ENV');

/** `GET /metrics`: Prometheus text format; with `METRICS_TOKEN` set, only for `Authorization: Bearer <token>`. */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics, @Inject(METRICS_ENV) private readonly env: MetricsEnv) {}

  @Get('metrics')
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const res = await metricsResponse(this.metrics.registry, req.headers.authorization, this.env.METRICS_TOKEN);
    await reply.status(res.status).header('content-type', res.contentType).header('cache-control', 'no-store').send(res.body);
  }
}
