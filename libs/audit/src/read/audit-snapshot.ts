import type { DataSource, QueryRunner } from 'typeorm';
import { AUDIT_ROW_SELECT, type AuditEventRow } from '../record/audit-record';

/** What the chain checks need to run a query: a DataSource or an `AuditSnapshot`. */
export interface AuditQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface AuditBatchQuery {
  /** SQL after `FROM audit_events`: WHERE and ORDER BY, with $n placeholders for `params`. */
  where: string;
  params: unknown[];
  /** Rows per FETCH (default 1000). */
  batchSize?: number;
  /** More SELECT expressions after the record columns, e.g. `(…) AS matches`. */
  extraSelect?: string;
}

/**
 * One REPEATABLE READ, READ ONLY transaction on a dedicated connection: every query and cursor run
 * through it sees the same snapshot. `close()` ends the transaction and releases the connection.
 */
export class AuditSnapshot implements AuditQueryable {
  private cursors = 0;

  private constructor(private readonly runner: QueryRunner) {}

  static async open(dataSource: DataSource): Promise<AuditSnapshot> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      await runner.release();
      throw error;
    }
    return new AuditSnapshot(runner);
  }

  async query<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.runner.query(sql, params)) as T[];
  }

  /**
   * `audit_events` rows (`AUDIT_ROW_SELECT` plus `extraSelect`) through a server-side cursor, one
   * batch per FETCH. The next FETCH is sent before a batch is handed out, so the database produces
   * it while the caller works on this one: at most two batches are in memory.
   */
  async *batches<T extends AuditEventRow = AuditEventRow>(query: AuditBatchQuery): AsyncGenerator<T[]> {
    const batchSize = query.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const cursor = `sluice_audit_cursor_${++this.cursors}`;
    const extra = query.extraSelect ? `, ${query.extraSelect}` : '';
    await this.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${AUDIT_ROW_SELECT}${extra} FROM audit_events ${query.where}`, query.params);
    const fetch = () => {
      const rows = this.query<T>(`FETCH ${batchSize} FROM ${cursor}`);
      // Awaited later, after the caller's work: a failure must not count as unhandled meanwhile.
      rows.catch(() => undefined);
      return rows;
    };
    let pending: Promise<T[]> | null = fetch();
    try {
      while (pending) {
        const rows: T[] = await pending;
        pending = rows.length === batchSize ? fetch() : null;
        if (rows.length > 0) yield rows;
      }
      await this.query(`CLOSE ${cursor}`);
    } finally {
      // A caller that stopped early leaves a FETCH in flight: it must end before the next statement.
      if (pending) await pending.catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.runner.query('ROLLBACK').catch(() => undefined);
    await this.runner.release();
  }
}
