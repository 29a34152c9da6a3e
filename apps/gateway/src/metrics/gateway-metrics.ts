import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { UsageEvent } from '@sluice/contracts';
import type { FastifyInstance } from 'fastify';
import { BoundedLabel, createServiceRegistry, instrumentHttpServer, LATENCY_BUCKETS_SECONDS, statusClassOf } from '@sluice/observability';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import { LabelChildren } from './label-children';

/** Codes of refusals by limits and budgets, as the gateway answers them (governance-gate.ts). */
const LIMIT_REASONS: Record<string, string> = {
  rate_limit_exceeded: 'rate_limit',
  concurrency_limit_exceeded: 'concurrency',
  budget_exceeded: 'budget',
  request_exceeds_token_limit: 'token_limit',
  governance_unavailable: 'limits_unavailable',
};

/** What the request frame knows at the end of a request, beyond its usage event. */
export interface RequestOutcome {
  /** Limits were checked and reserved (`redis`: shared; `local`: per-instance fail-open), or null when no limit applied. */
  admittedBy: 'redis' | 'local' | null;
}

export interface UsageBacklog {
  /** Events in memory, not yet acknowledged by Redis nor spooled. */
  pending: number;
  spool: { batches: number; bytes: number };
}

/**
 * The gateway's `sluice_gateway_*` series. Label values are bounded: models must exist in the
 * served snapshot (else `other`), providers and error codes are capped; never key, user or team ids.
 * Updates are in-memory only (no I/O).
 */
export class GatewayMetrics {
  readonly registry: Registry = createServiceRegistry();
  private readonly models = new BoundedLabel(500);
  private readonly upstreamModels = new BoundedLabel(500);
  private readonly providers = new BoundedLabel(100);
  private readonly errorCodes = new BoundedLabel(100);

  private readonly requests = new LabelChildren(
    new Counter({
      name: 'sluice_gateway_requests_total',
      help: 'Authenticated proxied requests, by endpoint, status class, model, provider and cache status.',
      labelNames: ['endpoint', 'status_class', 'model', 'provider', 'cache_status'],
      registers: [this.registry],
    }),
  );
  private readonly duration = new LabelChildren(
    new Histogram({
      name: 'sluice_gateway_request_duration_seconds',
      help: 'Gateway request latency (arrival to last byte), by endpoint, model and status class.',
      labelNames: ['endpoint', 'model', 'status_class'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [this.registry],
    }),
  );
  private readonly ttft = new LabelChildren(
    new Histogram({
      name: 'sluice_gateway_time_to_first_token_seconds',
      help: 'Time from arrival to the first byte of the answer sent to the client (streams: first chunk), by model, provider and stream.',
      labelNames: ['model', 'provider', 'stream'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [this.registry],
    }),
  );
  private readonly upstream = new LabelChildren(
    new Histogram({
      name: 'sluice_gateway_upstream_duration_seconds',
      help: 'Provider call latency to the response headers, per attempt, by provider, upstream model and outcome.',
      labelNames: ['provider', 'model', 'outcome'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [this.registry],
    }),
  );
  private readonly errors = new LabelChildren(
    new Counter({
      name: 'sluice_gateway_errors_total',
      help: 'Requests answered with an error, by endpoint, status class and error code.',
      labelNames: ['endpoint', 'status_class', 'code'],
      registers: [this.registry],
    }),
  );
  private readonly limitDecisions = new LabelChildren(
    new Counter({
      name: 'sluice_gateway_rate_limit_decisions_total',
      help: 'Rate-limit and budget decisions: admitted (by limiter: redis or local fail-open) or limited (by reason).',
      labelNames: ['decision', 'reason'],
      registers: [this.registry],
    }),
  );
  private readonly cache = new LabelChildren(
    new Counter({
      name: 'sluice_gateway_cache_requests_total',
      help: 'Requests by response-cache outcome: hit, semantic-hit, miss, bypass.',
      labelNames: ['status'],
      registers: [this.registry],
    }),
  );
  private readonly tokens = new LabelChildren(
    new Counter({
      name: 'sluice_gateway_tokens_total',
      help: 'Provider tokens used, by direction (input, output, cached_input), model and provider.',
      labelNames: ['direction', 'model', 'provider'],
      registers: [this.registry],
    }),
  );
  private readonly cost = new LabelChildren(
    new Counter({
      name: 'sluice_gateway_cost_usd_total',
      help: 'Cost of provider usage in USD (catalog or deployment prices), by model and provider.',
      labelNames: ['model', 'provider'],
      registers: [this.registry],
    }),
  );

  private readonly shed = new Counter({
    name: 'sluice_gateway_requests_shed_total',
    help: 'API requests refused on arrival because GATEWAY_MAX_IN_FLIGHT requests were in flight (load shedding).',
    registers: [this.registry],
  });

  constructor(store: SnapshotStore, backlog: () => UsageBacklog) {
    const version = new Gauge({ name: 'sluice_gateway_config_snapshot_version', help: 'Version of the config snapshot this instance serves.', registers: [this.registry] });
    const reloaded = new Gauge({
      name: 'sluice_gateway_config_snapshot_loaded_timestamp_seconds',
      help: 'Unix time the served config snapshot was installed.',
      registers: [this.registry],
    });
    const installed = () => {
      version.set(store.current.version);
      reloaded.set(Date.now() / 1000);
    };
    if (store.isLoaded) installed();
    store.onChange(installed);
    const isKnownModel = (name: string) => store.current.model(name) !== undefined;
    this.modelLabel = (name) => this.models.of(name, isKnownModel);
    new Gauge({
      name: 'sluice_gateway_usage_pending_events',
      help: 'Usage events in memory, not yet acknowledged by Redis nor written to the spool.',
      registers: [this.registry],
      collect() {
        this.set(backlog().pending);
      },
    });
    new Gauge({
      name: 'sluice_gateway_usage_spool_batches',
      help: 'Usage batches in the on-disk spool waiting for Redis.',
      registers: [this.registry],
      collect() {
        this.set(backlog().spool.batches);
      },
    });
    new Gauge({
      name: 'sluice_gateway_usage_spool_bytes',
      help: 'Size of the on-disk usage spool in bytes.',
      registers: [this.registry],
      collect() {
        this.set(backlog().spool.bytes);
      },
    });
  }

  private readonly modelLabel: (name: string) => string;

  /** `sluice_gateway_http_*`: every HTTP request (401s and unknown routes too) and the in-flight gauge. */
  instrument(app: FastifyInstance): void {
    instrumentHttpServer(app, this.registry, { prefix: 'sluice_gateway' });
  }

  /** An API request was refused on arrival by load shedding (apps/gateway/src/overload). */
  requestShed(): void {
    this.shed.inc();
  }

  /** One authenticated request ended; `event` is the usage event that describes it. */
  requestFinished(event: UsageEvent, outcome: RequestOutcome): void {
    const statusClass = statusClassOf(event.httpStatus);
    const model = this.modelLabel(event.model);
    const provider = this.providers.of(event.provider);
    this.requests.of(event.endpoint, statusClass, model, provider, event.cacheStatus).inc();
    this.duration.of(event.endpoint, model, statusClass).observe(event.latencyMs / 1000);
    if (event.ttftMs !== null) this.ttft.of(model, provider, String(event.stream)).observe(event.ttftMs / 1000);
    this.cache.of(event.cacheStatus).inc();
    if (event.httpStatus >= 400) this.errors.of(event.endpoint, statusClass, this.errorCodes.of(event.errorCode ?? 'unknown')).inc();
    const limitReason = event.errorCode ? LIMIT_REASONS[event.errorCode] : undefined;
    if (limitReason) this.limitDecisions.of('limited', limitReason).inc();
    else if (outcome.admittedBy) this.limitDecisions.of('admitted', outcome.admittedBy).inc();
    if (event.promptTokens > 0) this.tokens.of('input', model, provider).inc(event.promptTokens);
    if (event.completionTokens > 0) this.tokens.of('output', model, provider).inc(event.completionTokens);
    if (event.cachedTokens > 0) this.tokens.of('cached_input', model, provider).inc(event.cachedTokens);
    if (event.costUsd > 0) this.cost.of(model, provider).inc(event.costUsd);
  }

  /** One provider call reached its response headers (or failed before them). */
  upstreamFinished(provider: string, upstreamModel: string, outcome: string, seconds: number): void {
    this.upstream.of(this.providers.of(provider), this.upstreamModels.of(upstreamModel), outcome).observe(seconds);
  }
}
