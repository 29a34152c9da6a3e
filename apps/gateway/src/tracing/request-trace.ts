import { context, createContextKey, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { UsageEvent } from '@sluice/contracts';
import { contextFromCarrier, currentTraceCarrier, genAiRequestAttributes, genAiResponseAttributes, type TraceCarrier } from '@sluice/observability';

const REQUEST_TRACE = createContextKey('sluice.request-trace');
const tracer = () => trace.getTracer('sluice-gateway');

/** An upstream attempt's span; ended when its request ends, so the serving attempt can carry the usage. */
interface AttemptSpan {
  span: Span;
  ok: boolean;
  endedAt: number | null;
}

export interface AttemptHandle {
  span: Span;
  /** `traceparent` (and `tracestate`) of the attempt's span, for the provider request. */
  carrier: TraceCarrier;
  /** The provider answered with a success status. */
  answered(): void;
  /** The call is over (body consumed or failed); the span ends with the request, at this time. */
  ended(): void;
}

/** The span of one gateway request and its upstream attempts (only while tracing is enabled). */
export class RequestTrace {
  private readonly attempts: AttemptSpan[] = [];
  constructor(readonly span: Span) {}

  static current(): RequestTrace | undefined {
    return context.active().getValue(REQUEST_TRACE) as RequestTrace | undefined;
  }

  /**
   * Runs `fn` inside a SERVER span named after the endpoint, continuing the caller's `traceparent`
   * when the active context carries one. When tracing is off this is a plain call.
   */
  static run<T>(
    name: string,
    attributes: Record<string, string | number | boolean>,
    caller: TraceCarrier,
    fn: (trace: RequestTrace | undefined) => Promise<T>,
  ): Promise<T> {
    const parent = contextFromCarrier(caller);
    const span = tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    if (!span.isRecording()) {
      span.end();
      return fn(undefined);
    }
    const requestTrace = new RequestTrace(span);
    const ctx = trace.setSpan(parent, span).setValue(REQUEST_TRACE, requestTrace);
    return context.with(ctx, () => fn(requestTrace));
  }

  startAttempt(name: string, attributes: Record<string, string | number | boolean>): AttemptHandle {
    const span = tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes });
    const attempt: AttemptSpan = { span, ok: false, endedAt: null };
    this.attempts.push(attempt);
    return {
      span,
      carrier: currentTraceCarrier(trace.setSpan(context.active(), span)),
      answered: () => (attempt.ok = true),
      ended: () => (attempt.endedAt ??= Date.now()),
    };
  }

  /** `traceparent` of the request span, carried by the usage event to the worker. */
  get carrier(): TraceCarrier {
    return currentTraceCarrier(trace.setSpan(context.active(), this.span));
  }

  /** Usage on the request span and the serving attempt, then every span ends. */
  finish(event: UsageEvent): void {
    const response = genAiResponseAttributes({ responseModel: event.model, inputTokens: event.promptTokens, outputTokens: event.completionTokens });
    const serving = [...this.attempts].reverse().find((a) => a.ok);
    if (serving) serving.span.setAttributes(response);
    for (const attempt of this.attempts) attempt.span.end(attempt.endedAt ?? undefined);
    this.span.setAttributes({
      ...response,
      'http.response.status_code': event.httpStatus,
      'sluice.request_id': event.requestId,
      'sluice.cache_status': event.cacheStatus,
      ...(event.provider ? { 'gen_ai.provider.name': event.provider } : {}),
      ...(event.errorCode ? { 'error.type': event.errorCode } : {}),
    });
    if (event.httpStatus >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode ?? undefined });
    this.span.end();
  }

  /** The caller's GenAI request parameters, read from the parsed body (no content). */
  static requestAttributes(endpoint: string, body: unknown): Record<string, string | number | boolean> {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    return genAiRequestAttributes({
      operation: endpoint === 'embeddings' ? 'embeddings' : endpoint === 'completions' ? 'text_completion' : 'chat',
      system: 'sluice',
      requestModel: typeof b.model === 'string' ? b.model.slice(0, 200) : 'unknown',
      maxTokens: num(b.max_completion_tokens) ?? num(b.max_tokens) ?? num(b.max_output_tokens),
      temperature: num(b.temperature),
      topP: num(b.top_p),
      stream: b.stream === true,
    }) as Record<string, string | number | boolean>;
  }
}
