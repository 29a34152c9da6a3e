import type { DataSource } from 'typeorm';
import { AUDIT_ROW_SELECT, recordFromRow, type AuditEventRow, type AuditRecord } from '../record/audit-record';

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
 * most `batchSize` rows in memory. The transaction is closed when the loop ends or breaks.
 */
export async function* streamAuditRecords(dataSource: DataSource, query: AuditCursorQuery): AsyncGenerator<AuditRecord> {
  const batchSize = query.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await runner.query(`DECLARE sluice_audit_cursor NO SCROLL CURSOR FOR SELECT ${AUDIT_ROW_SELECT} FROM audit_events ${query.where}`, query.params);
    for (;;) {
      const rows = (await runner.query(`FETCH ${batchSize} FROM sluice_audit_cursor`)) as AuditEventRow[];
      for (const row of rows) yield recordFromRow(row);
      if (rows.length < batchSize) break;
    }
  } finally {
    await runner.query('ROLLBACK').catch(() => undefined);
    await runner.release();
  }
}
