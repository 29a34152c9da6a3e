import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { createDataSource, MIGRATIONS } from '@sluice/db';
import { assertIdentifier, databaseUrlFor } from './admin-client';

export const TEMPLATE_PREFIX = 'sluice_test_template_';

/**
 * Name of the template database for the current migrations. It changes whenever a migration is
 * added, renamed or edited (the hash covers each class's source), so a stale template is never used.
 */
export function templateDatabaseName(): string {
  const fingerprint = createHash('sha256');
  for (const migration of MIGRATIONS) fingerprint.update(migration.name).update('\0').update(migration.toString()).update('\0');
  return TEMPLATE_PREFIX + fingerprint.digest('hex').slice(0, 16);
}

/**
 * Makes sure the migrated template exists; the caller holds the advisory lock. The template is
 * built under a temporary name and renamed when complete, so a run that crashed half-way never
 * leaves a broken template behind. Templates of other migration sets are dropped.
 */
export async function ensureMigratedTemplate(admin: Client, adminUrl: string): Promise<string> {
  const name = assertIdentifier(templateDatabaseName());
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount) return name;

  const building = assertIdentifier(`${name}_wip`);
  await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${building}`);
  const dataSource = await createDataSource({ url: databaseUrlFor(adminUrl, building), poolSize: 1, applicationName: 'sluice-test-template' }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
  await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  // No connections allowed: CREATE DATABASE … TEMPLATE fails while anyone is connected to the template.
  await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  await dropStaleTemplates(admin, name);
  return name;
}

async function dropStaleTemplates(admin: Client, current: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2`,
    [TEMPLATE_PREFIX, current],
  );
  for (const { datname } of rows) {
    const stale = assertIdentifier(datname);
    await admin.query(`ALTER DATABASE ${stale} WITH IS_TEMPLATE false`);
    await admin.query(`DROP DATABASE IF EXISTS ${stale} WITH (FORCE)`);
  }
}
