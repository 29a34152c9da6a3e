#!/usr/bin/env node
import { parseEnv } from '@sluice/contracts';
import { createLogger } from '@sluice/observability';
import { createDataSource } from '../data-source';
import { ensureRequestLogPartitions, startOfUtcDay } from '../partitions/request-log-partitions';
import { migrateEnvSchema } from './cli-env';

const DAY_MS = 86_400_000;
const USAGE = 'usage: migrate.js up | down';

/** `up` applies pending migrations and makes request_logs partitions for yesterday … +7 days; `down` reverts the last one. */
async function main(direction: string | undefined): Promise<void> {
  if (direction !== 'up' && direction !== 'down') throw new Error(USAGE);
  const env = parseEnv('migrate', migrateEnvSchema);
  const log = createLogger('db-migrate', env.LOG_LEVEL);
  const dataSource = await createDataSource({ url: env.DATABASE_URL, poolSize: 1, applicationName: 'sluice-migrate' }).initialize();
  try {
    if (direction === 'up') {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      log.info({ applied: applied.map((m) => m.name) }, applied.length ? 'migrations applied' : 'schema is up to date');
      const from = new Date(startOfUtcDay(new Date()).getTime() - DAY_MS);
      const created = await ensureRequestLogPartitions(dataSource, from, 9);
      if (created.length) log.info({ created }, 'request_logs partitions created');
    } else {
      await dataSource.undoLastMigration({ transaction: 'all' });
      log.info('last migration reverted');
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
