import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { createDataSource } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from './config/admin-api-config';
import { HealthController } from './health/health.controller';
import { REDIS } from './redis.token';
import { StatsController } from './stats/stats.controller';

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
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
      controllers: [HealthController, StatsController],
      providers: [
        { provide: ADMIN_API_CONFIG, useValue: config },
        { provide: REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 }) },
        RedisLifecycle,
      ],
    };
  }
}
