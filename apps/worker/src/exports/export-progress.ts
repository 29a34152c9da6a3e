import type { DataSource } from 'typeorm';

/** How often a running export's `rows_written` is written at most (the portal polls the row). */
export const PROGRESS_INTERVAL_MS = 1000;

export interface ExportProgressOptions {
  intervalMs?: number;
  /** Milliseconds, monotonic enough for spacing writes (default `Date.now`). */
  now?: () => number;
}

/** Records a running export's progress on its export_jobs row (read by `GET …/exports/:id`). */
export class ExportProgress {
  private lastWrittenAt = Number.NEGATIVE_INFINITY;
  /** The progress writes, one after another in order; the first failure is kept for settled(). */
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly exportId: string,
    private readonly options: ExportProgressOptions = {},
  ) {}

  async estimate(total: number): Promise<void> {
    await this.dataSource.query('UPDATE export_jobs SET rows_estimated = $2 WHERE id = $1', [this.exportId, total]);
  }

  /**
   * Rows written so far. Stored by time, not by count — at most once per `intervalMs` (the first
   * report at once) — so a large export costs a handful of UPDATEs, not one per few hundred rows.
   * The final count is stored with the outcome.
   *
   * Does not wait for the UPDATE: the export calls this while its read snapshot (a transaction on
   * another connection) is open, and on a single-session database (`npm start`'s PGlite) the UPDATE
   * waits for that transaction to end — waiting for it here would never end.
   */
  written(rows: number): void {
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastWrittenAt < (this.options.intervalMs ?? PROGRESS_INTERVAL_MS)) return;
    this.lastWrittenAt = now;
    this.writes = this.writes.then(
      () => this.dataSource.query('UPDATE export_jobs SET rows_written = $2 WHERE id = $1', [this.exportId, rows]).then(() => undefined),
    ).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /**
   * Waits for the progress writes, after the export's snapshot is closed and before its outcome is
   * stored (so no late progress write overwrites the final count); throws the first one that failed.
   */
  async settled(): Promise<void> {
    await this.writes;
    if (this.failure) throw this.failure;
  }
}
