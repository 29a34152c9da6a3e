import { Injectable, type OnModuleInit, type Provider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { loadMetricsEnv } from '@sluice/observability';
import { SnapshotStore } from '../snapshot/snapshot-store';
import { UsageEventPublisher } from '../usage/usage-event-publisher';
import { UsageSink } from '../usage/usage-sink';
import { UpstreamObserver } from '../tracing/upstream-observer';
import { GatewayMetrics } from './gateway-metrics';
import { METRICS_ENV, MetricsController } from './metrics.controller';
import { RequestTelemetry } from './request-telemetry';

/** Counts every HTTP request (401s and unknown routes too) and the in-flight gauge, on the Fastify instance. */
@Injectable()
class GatewayHttpMetrics implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost, private readonly metrics: GatewayMetrics) {}

  onModuleInit(): void {
    this.metrics.instrument(this.host.httpAdapter.getInstance<FastifyInstance>());
  }
}

export const GATEWAY_METRICS_CONTROLLERS = [MetricsController];

/** Metrics and tracing of the gateway; `RequestTelemetry` is the proxy frame's hook, `UpstreamObserver` the upstream client's. */
export const gatewayMetricsProviders: Provider[] = [
  { provide: METRICS_ENV, useFactory: () => loadMetricsEnv() },
  {
    provide: GatewayMetrics,
    inject: [SnapshotStore, UsageSink],
    useFactory: (store: SnapshotStore, sink: UsageSink) =>
      new GatewayMetrics(store, () =>
        sink instanceof UsageEventPublisher ? { pending: sink.pending, spool: sink.spoolStats } : { pending: 0, spool: { batches: 0, bytes: 0 } },
      ),
  },
  { provide: RequestTelemetry, inject: [GatewayMetrics], useFactory: (metrics: GatewayMetrics) => new RequestTelemetry(metrics) },
  { provide: UpstreamObserver, inject: [GatewayMetrics], useFactory: (metrics: GatewayMetrics) => new UpstreamObserver(metrics) },
  GatewayHttpMetrics,
];
