import { Client } from 'pg';

/**
 * What an attacker with superuser access could do: run `sql` with triggers off
 * (`session_replication_role = replica`), e.g. to edit or delete append-only audit rows.
 */
export async function tamperAsSuperuser(databaseUrl: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}
