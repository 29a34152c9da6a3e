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
   */
  async written(rows: number): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastWrittenAt < (this.options.intervalMs ?? PROGRESS_INTERVAL_MS)) return;
    this.lastWrittenAt = now;
    await this.dataSource.query('UPDATE export_jobs SET rows_written = $2 WHERE id = $1', [this.exportId, rows]);
  }
}
