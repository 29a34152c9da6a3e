import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';

/** The DataSource analytics and request-log reads use: DATABASE_READ_URL (a replica) when set, else the primary. */
export const ANALYTICS_DATA_SOURCE = Symbol('ANALYTICS_DATA_SOURCE');

export const analyticsDataSourceProvider = {
  provide: ANALYTICS_DATA_SOURCE,
  inject: [ADMIN_API_CONFIG, DataSource],
  useFactory: async (config: AdminApiConfig, primary: DataSource): Promise<DataSource> =>
    config.DATABASE_READ_URL ? createDataSource({ url: config.DATABASE_READ_URL, applicationName: 'sluice-admin-api-analytics' }).initialize() : primary,
};

/** Closes the replica DataSource (the primary is closed by TypeOrmModule). */
@Injectable()
export class AnalyticsDataSourceLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(ANALYTICS_DATA_SOURCE) private readonly analytics: DataSource,
    private readonly primary: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.analytics !== this.primary && this.analytics.isInitialized) await this.analytics.destroy();
  }
}
