import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { credentialCipherFromEnv } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { Router } from '@sluice/routing';
import { SemanticCacheQueue } from '@sluice/cache';
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
import { REDIS, REDIS_LIMITS, REDIS_SUBSCRIBER } from './redis/redis.tokens';
import { GovernanceGate } from './governance/governance-gate';
import { RedisLimiter } from '@sluice/governance';
import { estimateChatPromptTokens } from '@sluice/providers';
import { PostgresSnapshotSource } from './snapshot/postgres-snapshot-source';
import { SnapshotRefresher } from './snapshot/snapshot-refresher';
import { SNAPSHOT_SOURCE, type SnapshotSource } from './snapshot/snapshot-source';
import { SnapshotStore } from './snapshot/snapshot-store';
import { FileSnapshotSource } from './snapshot/standalone/file-snapshot-source';
import { UpstreamClient } from './upstream/upstream-client';
import { createUsageEventPublisher } from './usage/create-usage-event-publisher';
import { UsageEventPublisher } from './usage/usage-event-publisher';

/** Starts the snapshot refresher with the app, and on shutdown (after the HTTP server has drained) flushes usage and closes connections. */
class GatewayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly refresher: SnapshotRefresher,
    private readonly publisher: UsageEventPublisher,
    private readonly upstream: UpstreamClient,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: Redis,
    @Inject(REDIS_LIMITS) private readonly limits: Redis,
    private readonly semanticCache: SemanticResponseCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Load the tokenizer's ranks now rather than on the first governed request.
    estimateChatPromptTokens({ model: 'warm-up', messages: [{ role: 'user', content: 'warm up' }] });
    await this.refresher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refresher.stop();
    await this.publisher.close();
    await this.upstream.close();
    await this.semanticCache.close();
    this.subscriber.disconnect();
    this.limits.disconnect();
    await this.redis.quit().catch(() => undefined);
  }
}

function snapshotSourceFor(config: GatewayConfig, logger: Logger): SnapshotSource {
  if (config.SLUICE_CONFIG) return new FileSnapshotSource(config.SLUICE_CONFIG, config.SLUICE_KEY_PEPPER);
  return new PostgresSnapshotSource(config.DATABASE_URL as string, credentialCipherFromEnv(config), logger);
}

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [HealthController, ProxyController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: true }) },
        { provide: REDIS_SUBSCRIBER, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: null }) },
        // Limits answer fast or not at all: no offline queue, a short timeout, then the fail mode applies.
        { provide: REDIS_LIMITS, useFactory: () => new Redis(config.REDIS_URL, { enableOfflineQueue: false, commandTimeout: 500, maxRetriesPerRequest: 0 }) },
        {
          provide: GovernanceGate,
          inject: [REDIS_LIMITS],
          useFactory: (redis: Redis) => new GovernanceGate(new RedisLimiter(redis, config.QUEUE_PREFIX), logger),
        },
        { provide: SNAPSHOT_SOURCE, useFactory: () => snapshotSourceFor(config, logger) },
        SnapshotStore,
        UpstreamClient,
        {
          provide: SnapshotRefresher,
          inject: [SNAPSHOT_SOURCE, SnapshotStore, REDIS_SUBSCRIBER],
          useFactory: (source: SnapshotSource, store: SnapshotStore, subscriber: Redis) =>
            new SnapshotRefresher(source, store, subscriber, config.QUEUE_PREFIX, config.CONFIG_POLL_INTERVAL_MS, logger),
        },
        { provide: UsageEventPublisher, useFactory: () => createUsageEventPublisher(config, logger) },
        { provide: Router, inject: [SnapshotStore], useFactory: (store: SnapshotStore) => createGatewayRouter(store) },
        { provide: ChatExecutor, inject: [Router, UpstreamClient], useFactory: (router: Router, upstream: UpstreamClient) => new ChatExecutor(router, upstream) },
        { provide: EmbeddingsExecutor, inject: [Router, UpstreamClient], useFactory: (router: Router, upstream: UpstreamClient) => new EmbeddingsExecutor(router, upstream) },
        ProxyRequestRunner,
        { provide: ResponseCache, inject: [REDIS], useFactory: (redis: Redis) => new ResponseCache(redis, config.QUEUE_PREFIX, logger) },
        {
          provide: SemanticResponseCache,
          inject: [REDIS_LIMITS, EmbeddingsExecutor],
          useFactory: (redis: Redis, embeddings: EmbeddingsExecutor) =>
            new SemanticResponseCache(
              config.DATABASE_URL ? new Pool({ connectionString: config.DATABASE_URL, max: 4, application_name: 'sluice-gateway-semantic-cache' }) : null,
              new SemanticCacheQueue(redis, config.QUEUE_PREFIX),
              embeddings,
              logger,
            ),
        },
        ChatEndpointService,
        EmbeddingsService,
        ModelsService,
        CountTokensService,
        GatewayLifecycle,
      ],
    };
  }
}
