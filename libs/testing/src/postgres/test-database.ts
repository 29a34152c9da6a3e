import { randomBytes } from 'node:crypto';
import { assertIdentifier, databaseUrlFor, withAdminClient } from './admin-client';
import { ensureMigratedTemplate } from './migrated-template';

export const DEFAULT_TEST_DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** Serialises template builds and copies across every test process on the server (arbitrary constant). */
const TEMPLATE_LOCK_KEY = 7_310_042_100;

export interface TestDatabase {
  /** postgres:// URL of a database that belongs to this suite alone. */
  url: string;
  name: string;
  /** Terminates its connections and drops it. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** false: an empty database, for tests of the migrations themselves. Default true (fully migrated). */
  migrated?: boolean;
  /** Default: TEST_DATABASE_ADMIN_URL, else postgres://postgres@127.0.0.1:5432/test. */
  adminUrl?: string;
}

/**
 * A fresh database for one test suite. Migrated databases are copied from a template that is
 * migrated once per migration set, which takes tens of milliseconds instead of running every
 * migration again. Always pair with `drop()` in afterAll.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_TEST_DATABASE_ADMIN_URL;
  const name = assertIdentifier(`sluice_test_${process.pid}_${randomBytes(5).toString('hex')}`);

  await withAdminClient(adminUrl, async (admin) => {
    if (options.migrated === false) {
      await admin.query(`CREATE DATABASE ${name}`);
      return;
    }
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      const template = await ensureMigratedTemplate(admin, adminUrl);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });

  return {
    url: databaseUrlFor(adminUrl, name),
    name,
    drop: () => withAdminClient(adminUrl, async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
