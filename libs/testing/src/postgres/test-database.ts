import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
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
    drop: () => withAdminClient(adminUrl, (admin) => dropDatabase(admin, name)),
  };
}

/** How long `drop()` lets connections that are already closing go before it terminates them. */
const CLOSING_GRACE_MS = 2_000;

/**
 * `pool.end()` (pg, TypeORM) resolves once its clients are told to end, not once their backends are
 * gone. Forcing the drop at that moment terminates connections that are still closing, and their
 * pool — no longer listening — throws "Unhandled error" (57P01) into whatever test runs next in the
 * worker. So the drop first waits a little for the database's connections to finish closing; it
 * forces only what a suite left open.
 */
async function dropDatabase(admin: Client, name: string): Promise<void> {
  const deadline = Date.now() + CLOSING_GRACE_MS;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    if (rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
