import { context, propagation, type Context } from '@opentelemetry/api';

/** W3C trace context as carried in a queue payload or a header map. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The active trace context as `traceparent`/`tracestate` (empty when tracing is off or nothing is active). */
export function currentTraceCarrier(ctx: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent ? { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) } : {};
}

/** A context that continues the trace in `carrier` (the active one when it carries none). */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return context.active();
  return propagation.extract(context.active(), carrier);
}
