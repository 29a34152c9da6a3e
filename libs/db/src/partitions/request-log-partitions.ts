import type { DataSource, EntityManager } from 'typeorm';

const DAY_MS = 86_400_000;
/** Serialises partition maintenance across workers (arbitrary constant, unique within Sluice). */
const PARTITION_LOCK_KEY = 7_310_042_001;

export interface DailyPartition {
  name: string;
  /** Inclusive, UTC midnight. */
  from: Date;
  /** Exclusive, the next UTC midnight. */
  to: Date;
}

/** UTC midnight of the day `at` falls in. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function requestLogPartitionFor(day: Date): DailyPartition {
  const from = startOfUtcDay(day);
  const stamp = from.toISOString().slice(0, 10).replaceAll('-', '');
  return { name: `request_logs_p${stamp}`, from, to: new Date(from.getTime() + DAY_MS) };
}

/**
 * Creates the daily partitions of request_logs for `days` UTC days starting at `fromDate`, and
 * returns the names it created. Idempotent and safe to run from several workers at once.
 * Rows that already landed in the DEFAULT partition for such a day are moved into the new one,
 * because PostgreSQL refuses to create a partition whose range the default partition still holds.
 */
export async function ensureRequestLogPartitions(dataSource: DataSource, fromDate: Date, days: number): Promise<string[]> {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError(`days must be an integer in 1..366, got ${days}`);
  const created: string[] = [];
  for (let i = 0; i < days; i++) {
    const partition = requestLogPartitionFor(new Date(startOfUtcDay(fromDate).getTime() + i * DAY_MS));
    const didCreate = await dataSource.transaction((manager) => createPartition(manager, partition));
    if (didCreate) created.push(partition.name);
  }
  return created;
}

async function createPartition(manager: EntityManager, p: DailyPartition): Promise<boolean> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
  const [existing] = (await manager.query('SELECT to_regclass($1) AS oid', [p.name])) as Array<{ oid: string | null }>;
  if (existing.oid !== null) return false;

  const from = p.from.toISOString();
  const to = p.to.toISOString();
  const [stranded] = (await manager.query(
    'SELECT EXISTS (SELECT 1 FROM request_logs_default WHERE occurred_at >= $1 AND occurred_at < $2) AS present',
    [from, to],
  )) as Array<{ present: boolean }>;

  if (!stranded.present) {
    await manager.query(`CREATE TABLE ${p.name} PARTITION OF request_logs FOR VALUES FROM ('${from}') TO ('${to}')`);
    return true;
  }
  // The name and bounds come from requestLogPartitionFor (digits and ISO dates only), never from input.
  await manager.query(`CREATE TABLE ${p.name} (LIKE request_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await manager.query(
    `WITH moved AS (DELETE FROM request_logs_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
     INSERT INTO ${p.name} SELECT * FROM moved`,
    [from, to],
  );
  await manager.query(`ALTER TABLE request_logs ATTACH PARTITION ${p.name} FOR VALUES FROM ('${from}') TO ('${to}')`);
  return true;
}
