import type { DataSource } from 'typeorm';

/** Records a running export's progress on its export_jobs row (read by `GET …/exports/:id`). */
export class ExportProgress {
  constructor(
    private readonly dataSource: DataSource,
    private readonly exportId: string,
  ) {}

  async estimate(total: number): Promise<void> {
    await this.dataSource.query('UPDATE export_jobs SET rows_estimated = $2 WHERE id = $1', [this.exportId, total]);
  }

  async written(rows: number): Promise<void> {
    await this.dataSource.query('UPDATE export_jobs SET rows_written = $2 WHERE id = $1', [this.exportId, rows]);
  }
}
