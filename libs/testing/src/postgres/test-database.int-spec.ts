import { Client } from 'pg';
import { MIGRATIONS } from '@sluice/db';
import { createTestDatabase, DEFAULT_TEST_DATABASE_ADMIN_URL } from './test-database';
import { templateDatabaseName } from './migrated-template';
import { withAdminClient } from './admin-client';

// Creating databases on a loaded shared server can exceed Jest's 5 s default.
jest.setTimeout(60_000);

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_TEST_DATABASE_ADMIN_URL;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  return withAdminClient(adminUrl, async (admin) => Boolean((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount));
}

describe('createTestDatabase', () => {
  it('creates fully migrated, isolated databases concurrently and drops them', async () => {
    const dbs = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    try {
      expect(new Set(dbs.map((db) => db.name)).size).toBe(3);
      for (const db of dbs) {
        const applied = await query<{ name: string }>(db.url, 'SELECT name FROM sluice_migrations ORDER BY id');
        expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
      }
      await query(dbs[0].url, "INSERT INTO organizations (name, slug) VALUES ('Only here', 'only-here')");
      const [{ count }] = await query<{ count: string }>(dbs[1].url, 'SELECT count(*) FROM organizations');
      expect(count).toBe('0');
      expect(await databaseExists(templateDatabaseName())).toBe(true);
    } finally {
      await Promise.all(dbs.map((db) => db.drop()));
    }
    for (const db of dbs) expect(await databaseExists(db.name)).toBe(false);
  });

  it('drops a database that still has open connections', async () => {
    const db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    client.on('error', () => undefined);
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
    await client.end().catch(() => undefined);
  });

  it('creates an empty database on request', async () => {
    const db = await createTestDatabase({ migrated: false });
    try {
      const tables = await query<{ table_name: string }>(db.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});
