import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { bullmqPrefixOf, createRedisClient, redisTopologyOf, waitUntilReady, type RedisClientOptions, type RedisTopology } from '@sluice/redis';
import { credentialCipherFromEnv } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { Router } from '@sluice/routing';
import { MemoryExactCache, SemanticCacheQueue } from '@sluice/cache';
import { Pool } from 'pg';
import { ResponseCache } from './cache/response-cache';
import { SemanticResponseCache } from './cache/semantic-response-cache';
import { ChatEndpointService } from './endpoints/chat-endpoint.service';
import { CountTokensService } from './endpoints/count-tokens.service';
import { EmbeddingsService } from './endpoints/embeddings.service';
import { ModelsService } from './endpoints/models.service';
import { ProxyController } from './endpoints/proxy.controller';
import { ChatExecutor } from './proxy/chat-executor';
import { EmbeddingsExecutor } from './proxy/embeddings-executor';
import { ProxyRequestRunner } from './proxy/proxy-request-runner';
import { createGatewayRouter } from './routing/gateway-router';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config';
import { HealthController } from './health/health.controller';
import { LOGGER } from './logger.token';
import { logRedisErrors } from './redis/log-redis-errors';
import { REDIS, REDIS_LIMITS, REDIS_SETTLEMENTS, REDIS_SUBSCRIBER } from './redis/redis.tokens';
import { GovernanceGate } from './governance/governance-gate';
import { RedisLimiter } from '@sluice/governance';
import { AlertQueue } from './alerts/alert-queue';
import { ALERT_SINK, type AlertSink } from './alerts/alert-sink';
import { LoggedAlerts } from './alerts/logged-alerts';
import { MemoryLimiter } from './governance/memory-limiter';
import { LoggedUsageEvents } from './usage/logged-usage-events';
import { UsageSink } from './usage/usage-sink';
import { estimateChatPromptTokens } from '@sluice/providers';
import { PostgresSnapshotSource } from './snapshot/postgres-snapshot-source';
import { SnapshotRefresher } from './snapshot/snapshot-refresher';
import { SNAPSHOT_SOURCE, type SnapshotSource } from './snapshot/snapshot-source';
import { SnapshotStore } from './snapshot/snapshot-store';
import { FileSnapshotSource } from './snapshot/standalone/file-snapshot-source';
import { UpstreamClient } from './upstream/upstream-client';
import { upstreamEgressGuard } from './upstream/upstream-egress';
import { GATEWAY_METRICS_CONTROLLERS, gatewayMetricsProviders } from './metrics/gateway-metrics.providers';
import { OverloadGuard } from './overload/overload-guard';
import { UpstreamObserver } from './tracing/upstream-observer';
import { createUsageEventPublisher } from './usage/create-usage-event-publisher';

/** Starts the snapshot refresher with the app, and on shutdown (after the HTTP server has drained) flushes usage and closes connections. */
class GatewayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly refresher: SnapshotRefresher,
    private readonly publisher: UsageSink,
    private readonly upstream: UpstreamClient,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: Redis | null,
    @Inject(REDIS_LIMITS) private readonly limits: Redis | null,
    @Inject(REDIS_SETTLEMENTS) private readonly settlements: Redis | null,
    private readonly semanticCache: SemanticResponseCache,
    @Inject(ALERT_SINK) private readonly alerts: AlertSink,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs before the server listens: nothing is served until the snapshot is loaded and Redis had its chance. */
  async onApplicationBootstrap(): Promise<void> {
    // Load the tokenizer's ranks now rather than on the first governed request.
    estimateChatPromptTokens({ model: 'warm-up', messages: [{ role: 'user', content: 'warm up' }] });
    await Promise.all([this.refresher.start(), this.redisConnected()]);
  }

  /**
   * The limits client has no offline queue (a request must not wait for Redis), so a request served
   * before it has connected is admitted by the fail mode, uncounted by the shared limits (and the usage
   * connection would spool its first batches). Waits for every Redis connection at most
   * REDIS_STARTUP_WAIT_MS; with Redis away the gateway starts degraded.
   */
  private async redisConnected(): Promise<void> {
    const wait = this.config.REDIS_STARTUP_WAIT_MS;
    const ready = (client: Redis | null) => (client ? waitUntilReady(client, wait) : Promise.resolve(true));
    const connections = { limits: ready(this.limits), settlements: ready(this.settlements), cache: ready(this.redis), configChanges: ready(this.subscriber), usage: this.publisher.connected(wait) };
    const waits = Object.entries(connections).map(async ([name, connected]) => [name, await connected] as const);
    const notReady = (await Promise.all(waits)).filter(([, ok]) => !ok).map(([name]) => name);
    if (notReady.length > 0) {
      this.logger.warn({ notReady, waitedMs: this.config.REDIS_STARTUP_WAIT_MS }, "Redis not ready at start: serving degraded (each organization's fail mode applies to limits; usage is spooled) until it answers");
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refresher.stop();
    await this.publisher.close();
    await this.alerts.close();
    await this.upstream.close();
    await this.semanticCache.close();
    this.subscriber?.disconnect();
    this.limits?.disconnect();
    this.settlements?.disconnect();
    // QUIT waits for a connection that may never come (Redis away): only a ready client quits politely.
    if (this.redis?.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis?.disconnect();
  }
}

/** Redis answers at once or not at all: no offline queue, no retries, a 500 ms timeout; then the fail mode applies. */
const FAIL_FAST: RedisClientOptions = { enableOfflineQueue: false, commandTimeout: 500, maxRetriesPerRequest: 0 };

function snapshotSourceFor(config: GatewayConfig, logger: Logger): SnapshotSource {
  if (config.SLUICE_CONFIG) return new FileSnapshotSource(config.SLUICE_CONFIG, config.SLUICE_KEY_PEPPER);
  return new PostgresSnapshotSource(config.DATABASE_URL as string, credentialCipherFromEnv(config), logger);
}

/** Standalone without REDIS_URL: no Redis connection at all; everything shared lives in this process. */
function withRedis<T>(config: GatewayConfig, create: (topology: RedisTopology) => T): T | null {
  return config.REDIS_URL ? create(redisTopologyOf(config)) : null;
}

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    // Only used without Redis: the exact cache and the limiter's counters in this process.
    const memoryCache = config.REDIS_URL ? null : new MemoryExactCache();
    if (!config.REDIS_URL) {
      logger.info(
        { mode: 'standalone', redis: 'none' },
        'standalone without Redis: keys, limits, budgets and the exact cache are kept in this process (one instance only); usage events and alerts are written to the log',
      );
    }
    // One named connection (its errors logged under that name), or null without Redis.
    const redisClient = (name: string, options: RedisClientOptions) => withRedis(config, (topology) => logRedisErrors(createRedisClient(topology, options), name, logger));
    return {
      module: GatewayModule,
      controllers: [HealthController, ProxyController, ...GATEWAY_METRICS_CONTROLLERS],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: REDIS, useFactory: () => redisClient('cache', { maxRetriesPerRequest: 1, enableOfflineQueue: true }) },
        { provide: REDIS_SUBSCRIBER, useFactory: () => redisClient('configChanges', { maxRetriesPerRequest: null }) },
        // The admission: not auto-pipelined, because that defers every command to a setImmediate flush, which cost
        // the governed path ≈ 65 µs at p50 (bench/fixes.md, fifth round).
        { provide: REDIS_LIMITS, useFactory: () => redisClient('limits', FAIL_FAST) },
        // What is written after the response (settlements, exact-cache stores): fail-fast like the limits,
        // and auto-pipelined, so a request's settle and store (and those of requests finishing together)
        // leave in one write instead of one each; nobody waits for them.
        { provide: REDIS_SETTLEMENTS, useFactory: () => redisClient('settlements', { ...FAIL_FAST, enableAutoPipelining: true }) },
        {
          provide: ALERT_SINK,
          inject: [REDIS],
          useFactory: (redis: Redis | null): AlertSink => (redis ? new AlertQueue(redis, bullmqPrefixOf(config), logger) : new LoggedAlerts(logger)),
        },
        {
          provide: GovernanceGate,
          inject: [REDIS_LIMITS, REDIS_SETTLEMENTS, ALERT_SINK],
          useFactory: (redis: Redis | null, settlements: Redis | null, alerts: AlertSink) =>
            new GovernanceGate(redis ? new RedisLimiter(redis, config.QUEUE_PREFIX, settlements ?? redis) : new MemoryLimiter(memoryCache as MemoryExactCache), alerts, logger),
        },
        { provide: SNAPSHOT_SOURCE, useFactory: () => snapshotSourceFor(config, logger) },
        SnapshotStore,
        { provide: UpstreamClient, inject: [UpstreamObserver], useFactory: (observer: UpstreamObserver) => new UpstreamClient(observer, { maxConnections: config.UPSTREAM_MAX_CONNECTIONS, egress: upstreamEgressGuard(config) }) },
        {
          provide: SnapshotRefresher,
          inject: [SNAPSHOT_SOURCE, SnapshotStore, REDIS_SUBSCRIBER],
          useFactory: (source: SnapshotSource, store: SnapshotStore, subscriber: Redis | null) =>
            new SnapshotRefresher(source, store, subscriber, config.QUEUE_PREFIX, config.CONFIG_POLL_INTERVAL_MS, logger, config.REDIS_STARTUP_WAIT_MS),
        },
        {
          provide: UsageSink,
          useFactory: (): Promise<UsageSink> | UsageSink =>
            config.REDIS_URL ? createUsageEventPublisher({ ...config, redis: redisTopologyOf(config), QUEUE_PREFIX: bullmqPrefixOf(config) }, logger) : new LoggedUsageEvents(logger),
        },
        { provide: Router, inject: [SnapshotStore], useFactory: (store: SnapshotStore) => createGatewayRouter(store) },
        { provide: ChatExecutor, inject: [Router, UpstreamClient], useFactory: (router: Router, upstream: UpstreamClient) => new ChatExecutor(router, upstream) },
        { provide: EmbeddingsExecutor, inject: [Router, UpstreamClient], useFactory: (router: Router, upstream: UpstreamClient) => new EmbeddingsExecutor(router, upstream) },
        ProxyRequestRunner,
        {
          provide: ResponseCache,
          // Fail-fast, so while Redis is away a store is skipped (logged), not queued in memory.
          inject: [REDIS_SETTLEMENTS],
          useFactory: (redis: Redis | null) => new ResponseCache(redis ?? (memoryCache as MemoryExactCache), config.QUEUE_PREFIX, logger),
        },
        {
          provide: SemanticResponseCache,
          // Writes are queued off the request path: the general client (offline queue, no 500 ms
          // command timeout), not the limits client, whose short timeout made every add time out.
          inject: [REDIS, EmbeddingsExecutor],
          useFactory: (redis: Redis | null, embeddings: EmbeddingsExecutor) =>
            new SemanticResponseCache(
              config.DATABASE_URL && redis ? new Pool({ connectionString: config.DATABASE_URL, max: 4, application_name: 'sluice-gateway-semantic-cache' }) : null,
              redis ? new SemanticCacheQueue(redis, bullmqPrefixOf(config)) : null,
              embeddings,
              logger,
            ),
        },
        ChatEndpointService,
        EmbeddingsService,
        ModelsService,
        CountTokensService,
        GatewayLifecycle,
        ...gatewayMetricsProviders,
        OverloadGuard,
      ],
    };
  }
}
