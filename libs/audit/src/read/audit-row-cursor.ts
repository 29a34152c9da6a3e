import type { DataSource } from 'typeorm';
import { recordFromRow, type AuditRecord } from '../record/audit-record';
import { AuditSnapshot } from './audit-snapshot';

export interface AuditCursorQuery {
  /** SQL after `FROM audit_events`: WHERE and ORDER BY, with $n placeholders for `params`. */
  where: string;
  params: unknown[];
  /** Rows fetched per round trip (default 1000): memory stays constant whatever the row count. */
  batchSize?: number;
}

/**
 * Streams audit records through a server-side cursor (`DECLARE … NO SCROLL CURSOR`) in a
 * REPEATABLE READ, READ ONLY transaction on one dedicated connection: one consistent snapshot, at
 * most two batches in memory (the next one is fetched while this one is consumed). The
 * transaction is closed when the loop ends or breaks.
 */
export async function* streamAuditRecords(dataSource: DataSource, query: AuditCursorQuery): AsyncGenerator<AuditRecord> {
  if (query.batchSize !== undefined && (!Number.isInteger(query.batchSize) || query.batchSize < 1)) throw new RangeError('batchSize must be a positive integer');
  const snapshot = await AuditSnapshot.open(dataSource);
  try {
    for await (const rows of snapshot.batches(query)) {
      for (const row of rows) yield recordFromRow(row);
    }
  } finally {
    await snapshot.close();
  }
}
