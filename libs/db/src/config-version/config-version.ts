import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The current data-plane config version (row id = 1, created by the migrations). */
export async function getConfigVersion(db: Queryable): Promise<number> {
  const rows = (await db.query('SELECT version FROM config_versions WHERE id = 1')) as Array<{ version: string }>;
  if (rows.length === 0) throw new Error('config_versions has no row: run the migrations');
  return Number(rows[0].version);
}

/**
 * Increments the version and returns the new one. Call it inside the transaction that changes
 * keys, providers, models or deployments, so gateways never see a new version before the data.
 */
export async function bumpConfigVersion(manager: Queryable): Promise<number> {
  // Wrapped in a SELECT so the driver returns plain rows (a bare UPDATE … RETURNING comes back as [rows, count]).
  const rows = (await manager.query(
    'WITH bumped AS (UPDATE config_versions SET version = version + 1, updated_at = now() WHERE id = 1 RETURNING version) SELECT version FROM bumped',
  )) as Array<{ version: string }>;
  if (rows.length === 0) throw new Error('config_versions has no row: run the migrations');
  return Number(rows[0].version);
}
