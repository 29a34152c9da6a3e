import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS, statusClassOf } from './service-registry';

export interface HttpServerMetricsOptions {
  /** Series name prefix, e.g. `sluice_admin_api` → `sluice_admin_api_http_request_duration_seconds`. */
  prefix: string;
  /** Paths not measured (the scrape itself, probes). */
  ignore?: (url: string) => boolean;
}

/**
 * Request count, latency and in-flight gauge of a Fastify server, labelled by the route pattern
 * (never the raw URL: ids in paths would make unbounded series), method and status class. Measured
 * from the first byte in to the socket's close, so hijacked (streamed) replies count too.
 */
export function instrumentHttpServer(app: FastifyInstance, registry: Registry, options: HttpServerMetricsOptions): void {
  const duration = new Histogram({
    name: `${options.prefix}_http_request_duration_seconds`,
    help: 'HTTP request duration from arrival to the response being finished, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const total = new Counter({
    name: `${options.prefix}_http_requests_total`,
    help: 'HTTP requests answered, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: `${options.prefix}_http_requests_in_flight`,
    help: 'HTTP requests currently being handled.',
    registers: [registry],
  });
  const ignore = options.ignore ?? defaultIgnore;
  app.addHook('onRequest', (req, reply, done) => {
    if (ignore(req.url)) return done();
    const started = process.hrtime.bigint();
    inFlight.inc();
    reply.raw.once('close', () => {
      inFlight.dec();
      const route = req.routeOptions.url ?? 'unmatched';
      const labels = { route, method: req.method, status_class: statusClassOf(reply.raw.statusCode) };
      total.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    done();
  });
}

function defaultIgnore(url: string): boolean {
  return url === '/metrics' || url.startsWith('/health/');
}
