import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { countAuditExportRows, writeAuditExport, type AuditExportManifest, type AuditFilters } from '@sluice/audit';
import { exportFileName, ExportFileWriter } from './export-file';
import type { ExportProgress } from './export-progress';

export interface AuditExportRun {
  dataSource: DataSource;
  exportId: string;
  orgId: string;
  format: 'csv' | 'jsonl';
  filters: AuditFilters;
  exportsDir: string;
  signingKey: KeyObject;
  progress: ExportProgress;
}

/**
 * Streams the org's audit events into EXPORTS_DIR/<id>.<format> (constant memory, one pass that also
 * verifies the chain) and returns the signed manifest; the file is renamed into place only then.
 */
export async function runAuditExport(run: AuditExportRun): Promise<{ fileName: string; fileBytes: number; rowCount: number; manifest: AuditExportManifest }> {
  await run.progress.estimate(await countAuditExportRows(run.dataSource, run.orgId, run.filters));
  const fileName = exportFileName(run.exportId, run.format);
  const file = new ExportFileWriter(run.exportsDir, fileName);
  try {
    const manifest = await writeAuditExport({
      dataSource: run.dataSource,
      orgId: run.orgId,
      filters: run.filters,
      format: run.format,
      out: file.stream,
      signingKey: run.signingKey,
      onProgress: (rows) => run.progress.written(rows),
    });
    const fileBytes = await file.commit();
    return { fileName, fileBytes, rowCount: manifest.rowCount, manifest };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
