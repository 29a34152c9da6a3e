import type { FastifyRequest } from 'fastify';
import type { UsageEvent } from '@sluice/contracts';
import type { RequestAccounting } from '../proxy/request-accounting';
import { RequestTrace } from '../tracing/request-trace';
import type { GatewayMetrics } from './gateway-metrics';

/**
 * The proxy frame's single hook for observability: `run` wraps a request in its trace span,
 * `finished` records its metrics, ends its spans and stamps the usage event with the trace context
 * (so the worker's ingestion span links to it). No I/O.
 */
export class RequestTelemetry {
  private readonly traces = new WeakMap<RequestAccounting, RequestTrace>();

  constructor(private readonly metrics: GatewayMetrics) {}

  run<T>(req: FastifyRequest, accounting: RequestAccounting, fn: () => Promise<T>): Promise<T> {
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    const caller = { traceparent: header('traceparent'), tracestate: header('tracestate') };
    return RequestTrace.run(`gateway ${accounting.endpoint}`, RequestTrace.requestAttributes(accounting.endpoint, req.body), caller, (trace) => {
      if (trace) this.traces.set(accounting, trace);
      return fn();
    });
  }

  finished(accounting: RequestAccounting, event: UsageEvent): void {
    this.metrics.requestFinished(event, { admittedBy: accounting.admission?.limiter ?? null });
    const trace = this.traces.get(accounting);
    if (!trace) return;
    trace.finish(event);
    const { traceparent } = trace.carrier;
    if (traceparent) event.traceparent = traceparent;
  }
}
