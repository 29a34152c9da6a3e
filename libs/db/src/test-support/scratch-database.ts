import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';

// @sluice/testing depends on this lib, so this lib's own integration tests use this minimal,
// template-less variant instead (importing @sluice/testing here would be a dependency cycle).

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  dataSource: DataSource;
  url: string;
  drop(): Promise<void>;
}

/** An empty database with an initialized (not yet migrated) DataSource; `drop()` destroys both. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `sluice_db_spec_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = await createDataSource({ url: url.toString(), poolSize: 3 }).initialize();
  return {
    dataSource,
    url: url.toString(),
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A scratch database with every migration applied. */
export async function createMigratedScratchDatabase(): Promise<ScratchDatabase> {
  const db = await createScratchDatabase();
  await db.dataSource.runMigrations({ transaction: 'all' });
  return db;
}
