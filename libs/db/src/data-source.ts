import 'reflect-metadata';
import { DataSource, type LoggerOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming/snake-naming.strategy';

export const MIGRATIONS_TABLE = 'sluice_migrations';

export interface CreateDataSourceOptions {
  /** postgres://… */
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Shown in pg_stat_activity, e.g. `sluice-gateway`. */
  applicationName?: string;
  /** TypeORM query logging; off by default (apps log through pino). */
  logging?: LoggerOptions;
}

/**
 * The one DataSource factory of the platform. Never synchronizes: the schema comes only from the
 * migrations, which run in a single transaction.
 */
export function createDataSource(options: CreateDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName ?? 'sluice',
    poolSize: options.poolSize ?? 10,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    logging: options.logging ?? false,
  });
}
