import { context, SpanKind, SpanStatusCode, trace, type Link, type Span } from '@opentelemetry/api';
import type { Job, Worker } from 'bullmq';
import { contextFromCarrier } from '@sluice/observability';

/** Links per span; a batch of 5,000 events links to its first 128 distinct traces. */
const MAX_LINKS = 128;

/**
 * A CONSUMER span per job while tracing is enabled. Jobs whose payload carries W3C trace contexts
 * (usage batches: one `traceparent` per event) continue them: a batch from a single request trace
 * becomes a child of it, a batch of many is linked to each (the OpenTelemetry pattern for batches).
 */
export function traceJobs(worker: Worker): void {
  const tracer = trace.getTracer('sluice-worker');
  const spans = new Map<string, Span>();
  worker.on('active', (job: Job) => {
    const parents = traceparentsOf(job.data);
    const parent = parents.length === 1 ? contextFromCarrier({ traceparent: parents[0] }) : context.active();
    const links: Link[] =
      parents.length > 1 ? parents.slice(0, MAX_LINKS).flatMap((traceparent) => linkOf(contextFromCarrier({ traceparent }))) : [];
    const span = tracer.startSpan(
      `${worker.name} process`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': worker.name, 'messaging.message.id': job.id ?? '', 'sluice.job.attempt': job.attemptsMade + 1 },
      },
      parent,
    );
    if (span.isRecording() && job.id) spans.set(job.id, span);
    else span.end();
  });
  const end = (job: Job | undefined, error?: Error) => {
    const span = job?.id ? spans.get(job.id) : undefined;
    if (!span || !job?.id) return;
    spans.delete(job.id);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message.slice(0, 200) });
    span.end();
  };
  worker.on('completed', (job) => end(job));
  worker.on('failed', (job, error) => end(job, error));
}

function traceparentsOf(data: unknown): string[] {
  const events = (data as { events?: Array<{ traceparent?: unknown }> } | undefined)?.events;
  if (!Array.isArray(events)) return [];
  const seen = new Set<string>();
  for (const event of events) if (typeof event?.traceparent === 'string') seen.add(event.traceparent);
  return [...seen];
}

function linkOf(ctx: ReturnType<typeof contextFromCarrier>): Link[] {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext ? [{ context: spanContext }] : [];
}
