import type { KeyObject } from 'node:crypto';
import { UnrecoverableError, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, auditFiltersSchema } from '@sluice/audit';
import { exportJobSchema, usageReportFiltersSchema, type ExportJob, type ExportKind } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { runAuditExport } from './audit-export.job';
import { ExportProgress } from './export-progress';
import { runUsageReport } from './usage-report.job';

export interface ExportProcessorDeps {
  dataSource: DataSource;
  exportsDir: string;
  /** null: no signing key configured (production without SLUICE_AUDIT_SIGNING_KEY); jobs fail. */
  signingKey: KeyObject | null;
  logger: Logger;
  /** Deliveries of a job under the worker's policy (EXPORT_ATTEMPTS): the last failed one marks the export failed. */
  attempts?: number;
}

interface ExportRow {
  id: string;
  org_id: string;
  kind: ExportKind;
  format: 'csv' | 'jsonl';
  filters: Record<string, unknown>;
  requested_by: string | null;
}

const COMPLETED_ACTION: Record<ExportKind, string> = { audit: 'audit.export_completed', usage_report: 'usage_report.completed' };
const FAILED_ACTION: Record<ExportKind, string> = { audit: 'audit.export_failed', usage_report: 'usage_report.failed' };
const TARGET_TYPE: Record<ExportKind, string> = { audit: 'audit_export', usage_report: 'usage_report' };

/**
 * Runs one export job: claims its export_jobs row, streams the file under EXPORTS_DIR, then in one
 * transaction marks the row succeeded (file, size, row count, signed manifest) and appends the
 * completion audit event. A job that fails for good marks the row failed, also audited.
 */
export function createExportProcessor(deps: ExportProcessorDeps) {
  return async (job: Job): Promise<{ rowCount: number }> => {
    const parsed = exportJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed export job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const data = parsed.data;
    const row = await claim(deps.dataSource, data);
    if (!row) {
      deps.logger.warn({ exportId: data.exportId }, 'export job for an unknown or finished export; skipped');
      return { rowCount: 0 };
    }
    try {
      if (!deps.signingKey) throw new UnrecoverableError('no export signing key: set SLUICE_AUDIT_SIGNING_KEY on the worker');
      const progress = new ExportProgress(deps.dataSource, row.id);
      const common = { dataSource: deps.dataSource, exportId: row.id, orgId: row.org_id, exportsDir: deps.exportsDir, signingKey: deps.signingKey, progress };
      const result =
        row.kind === 'audit'
          ? await runAuditExport({ ...common, format: row.format, filters: auditFiltersSchema.parse(row.filters) })
          : await runUsageReport({ ...common, filters: usageReportFiltersSchema.parse(row.filters) });
      await progress.settled();
      await deps.dataSource.transaction(async (manager) => {
        await manager.query(
          `UPDATE export_jobs SET status = 'succeeded', completed_at = now(), file_name = $2, file_bytes = $3, rows_written = $4, manifest = $5, error = NULL WHERE id = $1`,
          [row.id, result.fileName, result.fileBytes, result.rowCount, JSON.stringify(result.manifest)],
        );
        await appendAuditEvent(manager, {
          orgId: row.org_id,
          actor: { type: 'system', id: 'worker', authMethod: 'system' },
          action: COMPLETED_ACTION[row.kind],
          target: { type: TARGET_TYPE[row.kind], id: row.id },
          after: { rowCount: result.rowCount, fileSha256: result.manifest.fileSha256, fileBytes: result.fileBytes, signingKeyId: result.manifest.signature.keyId, requestedBy: row.requested_by },
          result: 'success',
          requestId: String(job.id),
        });
      });
      deps.logger.info({ exportId: row.id, kind: row.kind, rows: result.rowCount }, 'export completed');
      return { rowCount: result.rowCount };
    } catch (error) {
      const final = error instanceof UnrecoverableError || job.attemptsStarted >= (deps.attempts ?? job.opts.attempts ?? 1);
      await recordFailure(deps.dataSource, row, error as Error, final, String(job.id)).catch((recordError: unknown) =>
        deps.logger.error({ exportId: row.id, err: recordError }, 'could not record the export failure'),
      );
      throw error;
    }
  };
}

/** Moves a queued (or retried running) export to running; null when it does not exist or is finished. */
async function claim(dataSource: DataSource, job: ExportJob): Promise<ExportRow | null> {
  const [rows] = (await dataSource.query(
    `UPDATE export_jobs SET status = 'running', started_at = now(), rows_written = 0
     WHERE id = $1 AND org_id = $2 AND kind = $3 AND status IN ('queued', 'running')
     RETURNING id, org_id, kind, format, filters, requested_by`,
    [job.exportId, job.orgId, job.kind],
  )) as [ExportRow[], number];
  return rows[0] ?? null;
}

async function recordFailure(dataSource: DataSource, row: ExportRow, error: Error, final: boolean, jobId: string): Promise<void> {
  const message = error.message.slice(0, 1000);
  if (!final) {
    await dataSource.query(`UPDATE export_jobs SET status = 'queued', error = $2 WHERE id = $1`, [row.id, `attempt failed, will retry: ${message}`]);
    return;
  }
  await dataSource.transaction(async (manager) => {
    await manager.query(`UPDATE export_jobs SET status = 'failed', completed_at = now(), error = $2 WHERE id = $1`, [row.id, message]);
    await appendAuditEvent(manager, {
      orgId: row.org_id,
      actor: { type: 'system', id: 'worker', authMethod: 'system' },
      action: FAILED_ACTION[row.kind],
      target: { type: TARGET_TYPE[row.kind], id: row.id },
      after: { error: message },
      result: 'failure',
      requestId: jobId,
    });
  });
}
