import { Client } from 'pg';
import type { SinkText } from './sink-scan';

/**
 * Every row of every table of the database (all schemas but the catalogs), one sink per table,
 * as `row_to_json` text: bytea columns come out as `\x…` hex, so a plaintext stored as bytes is
 * found by a hex needle. Partitions are read through their parent.
 */
export async function dumpPostgres(url: string): Promise<{ sinks: SinkText[]; tables: number; rows: number }> {
  const client = new Client({ connectionString: url, application_name: 'sluice-canary-scan' });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY 1, 2`,
    );
    const sinks: SinkText[] = [];
    let rows = 0;
    for (const { schema, name } of tables) {
      const qualified = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
      const result = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${qualified} t`);
      rows += result.rows.length;
      sinks.push({ sink: `postgres:${schema === 'public' ? '' : `${schema}.`}${name}`, text: result.rows.map((r) => r.row).join('\n') });
    }
    return { sinks, tables: tables.length, rows };
  } finally {
    await client.end();
  }
}
