import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from './tracing-env';

export interface Tracing {
  enabled: boolean;
  /** Exports what is buffered and stops; call it last on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Installs the global tracer provider (OTLP over HTTP, JSON encoding, batched), the async-local
 * context manager and the W3C `traceparent` propagator. When tracing is off nothing is installed:
 * the OpenTelemetry API then hands out non-recording spans and injects nothing, at almost no cost.
 */
export function startTracing(config: TracingConfig): Tracing {
  if (!config.enabled) return { enabled: false, shutdown: async () => undefined };
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(config.url ? { url: config.url } : {}), scheduledDelayMillis: 1000 })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    enabled: true,
    shutdown: async () => {
      await provider.shutdown().catch(() => undefined);
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
