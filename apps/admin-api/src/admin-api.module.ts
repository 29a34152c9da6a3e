import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { createRedisClient, redisTopologyOf } from '@sluice/redis';
import { createDataSource } from '@sluice/db';
import { createLogger } from '@sluice/observability';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { SemanticCachePurges } from './semantic-cache/semantic-cache-purges';
import { CATALOG_CONTROLLERS, CATALOG_PROVIDERS } from './catalog/catalog.providers';
import { BudgetSpendReader } from './policies/budget-spend.reader';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { ConfigIoController } from './config-io/config-io.controller';
import { ConfigIoService } from './config-io/config-io.service';
import { AnalyticsController } from './analytics/analytics.controller';
import { ANALYTICS_PROVIDERS } from './analytics/analytics.providers';
import { AuditExportsController } from './exports/audit-exports.controller';
import { EXPORTS_PROVIDERS } from './exports/exports.providers';
import { UsageReportsController } from './exports/usage-reports.controller';
import { RequestLogsController } from './request-logs/request-logs.controller';
import { RequestLogsService } from './request-logs/request-logs.service';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { SessionStore } from './auth/session.store';
import { TotpService } from './auth/totp.service';
import { ADMIN_API_CONFIG, type AdminApiConfig } from './config/admin-api-config';
import { ConfigPublisher } from './config-publishing/config-publisher';
import { HealthController } from './health/health.controller';
import { ADMIN_API_LOGGER } from './logger.token';
import { adminApiMetricsProviders } from './metrics/admin-api-metrics';
import { AdminApiRequestTracing } from './tracing/request-tracing';
import { REDIS } from './redis.token';
import { StatsController } from './stats/stats.controller';
import { SSO_CONTROLLERS, SSO_PROVIDERS } from './sso/sso.providers';
import { SCIM_CONTROLLERS, SCIM_PROVIDERS } from './scim/scim.providers';
import { TENANCY_CONTROLLERS, TENANCY_PROVIDERS } from './tenancy/tenancy.providers';
import { WEBHOOKS_CONTROLLERS, WEBHOOKS_PROVIDERS } from './webhooks/webhooks.providers';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { declaredRoutesOf } from './openapi/declared-routes';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { OpenApiController } from './openapi/openapi.controller';
import { OPENAPI_DOCUMENT } from './openapi/openapi.tokens';
import { PLAYGROUND_CONTROLLERS, PLAYGROUND_PROVIDERS } from './playground/playground.providers';

/** Version of this API (the app's package version), shown in the OpenAPI document. */
const ADMIN_API_VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

/** Every controller of the admin API; the route-permission test walks this list. */
export const ADMIN_API_CONTROLLERS = [HealthController, StatsController, AuthController, ApiKeysController, AuditController, OpenApiController, AnalyticsController, RequestLogsController, AuditExportsController, UsageReportsController, PoliciesController, ConfigIoController, ...TENANCY_CONTROLLERS, ...CATALOG_CONTROLLERS, ...SSO_CONTROLLERS, ...SCIM_CONTROLLERS, ...WEBHOOKS_CONTROLLERS, DeadLettersController, ...PLAYGROUND_CONTROLLERS];

function openApiDocumentFactory(): () => Record<string, unknown> {
  let document: Record<string, unknown> | undefined;
  return () => (document ??= buildOpenApiDocument(declaredRoutesOf(ADMIN_API_CONTROLLERS), ADMIN_API_VERSION));
}

@Module({})
export class AdminApiModule {
  static register(config: AdminApiConfig): DynamicModule {
    return {
      module: AdminApiModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', url: config.DATABASE_URL }),
          dataSourceFactory: async () => createDataSource({ url: config.DATABASE_URL, applicationName: 'sluice-admin-api' }).initialize(),
        }),
      ],
      controllers: ADMIN_API_CONTROLLERS,
      providers: [
        { provide: ADMIN_API_CONFIG, useValue: config },
        { provide: REDIS, useFactory: () => createRedisClient(redisTopologyOf(config), { maxRetriesPerRequest: 1 }) },
        { provide: ADMIN_API_LOGGER, useFactory: () => createLogger('admin-api', config.LOG_LEVEL) },
        { provide: OPENAPI_DOCUMENT, useFactory: openApiDocumentFactory },
        RedisLifecycle,
        SessionStore,
        AuthService,
        TotpService,
        ConfigPublisher,
        ApiKeysService,
        SemanticCachePurges,
        ...TENANCY_PROVIDERS,
        ...CATALOG_PROVIDERS,
        PoliciesService,
        BudgetSpendReader,
        ConfigIoService,
        ...ANALYTICS_PROVIDERS,
        RequestLogsService,
        ...EXPORTS_PROVIDERS,
        ...SSO_PROVIDERS,
        ...SCIM_PROVIDERS,
        ...WEBHOOKS_PROVIDERS,
        DeadLettersService,
        ...PLAYGROUND_PROVIDERS,
        { provide: APP_GUARD, useClass: AuthGuard },
        ...adminApiMetricsProviders,
        AdminApiRequestTracing,
      ],
    };
  }
}
