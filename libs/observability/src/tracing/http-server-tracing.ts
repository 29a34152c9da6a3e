import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

export interface HttpServerTracingOptions {
  /** The instrumentation scope name, e.g. `sluice-admin-api`. */
  tracerName: string;
  /** Requests not traced; default: `/metrics` and `/health/*`. */
  ignore?: (url: string) => boolean;
}

/**
 * A SERVER span per HTTP request (OpenTelemetry HTTP semantic conventions): it continues the
 * caller's W3C `traceparent`, is named `<method> <route pattern>`, and the handler runs inside it,
 * so spans started while handling (and trace contexts put into queue payloads) are its children.
 * Only the path is recorded — never the query string, which may carry tokens or search terms. When
 * tracing is off the API hands out non-recording spans and this costs almost nothing.
 */
export function traceHttpServer(app: FastifyInstance, options: HttpServerTracingOptions): void {
  const tracer = trace.getTracer(options.tracerName);
  const ignore = options.ignore ?? ((url: string) => url === '/metrics' || url.startsWith('/health/'));
  app.addHook('onRequest', (req, reply, done) => {
    if (ignore(req.url)) return done();
    const parent = propagation.extract(context.active(), req.headers);
    const path = req.url.split('?')[0];
    const span = tracer.startSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'url.path': path, 'url.scheme': req.protocol, 'client.address': req.ip, 'user_agent.original': req.headers['user-agent'] ?? '' },
      },
      parent,
    );
    if (!span.isRecording()) return done();
    reply.raw.once('close', () => {
      const route = req.routeOptions.url;
      const status = reply.raw.statusCode;
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!reply.raw.writableFinished) span.setAttribute('error.type', 'client_closed');
      span.end();
    });
    context.with(trace.setSpan(parent, span), done);
  });
}
