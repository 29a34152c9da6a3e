import { z } from 'zod';
import { auditFiltersSchema, EXPORT_FORMATS } from '@sluice/audit';
import { EXPORT_KINDS, EXPORT_STATUSES, USAGE_REPORT_GROUP_BY, USAGE_REPORT_PERIODS, type ExportKind, type ExportStatus } from '@sluice/contracts';

export const createAuditExportSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  filters: auditFiltersSchema.optional().describe('Same filters as the audit search; all events of the org when absent'),
});
export type CreateAuditExportInput = z.output<typeof createAuditExportSchema>;

const DAY_MS = 86_400_000;
const wholeUtcDay = z.iso.datetime({ offset: true }).refine((t) => Date.parse(t) % DAY_MS === 0, 'must be a whole UTC day (00:00:00Z)');

export const createUsageReportSchema = z
  .strictObject({
    from: wholeUtcDay.describe('First day (inclusive), 00:00:00Z'),
    to: wholeUtcDay.describe('End (exclusive), 00:00:00Z'),
    groupBy: z.enum(USAGE_REPORT_GROUP_BY),
    period: z.enum(USAGE_REPORT_PERIODS).default('month').describe('One row per group per UTC day or calendar month'),
    format: z.literal('csv').default('csv'),
  })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'from must be before to', path: ['from'] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 400 * DAY_MS, { message: 'at most 400 days', path: ['to'] });
export type CreateUsageReportInput = z.output<typeof createUsageReportSchema>;

export const listExportsQuerySchema = z.strictObject({
  status: z.enum(EXPORT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});
export type ListExportsQuery = z.output<typeof listExportsQuerySchema>;

export const downloadQuerySchema = z.strictObject({ token: z.string().min(1).max(200) });
export const emptyBodySchema = z.strictObject({});

export const exportViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(EXPORT_STATUSES),
  filters: z.record(z.string(), z.unknown()),
  progress: z.object({ rowsWritten: z.number().int(), rowsEstimated: z.number().int().nullable() }),
  fileBytes: z.number().int().nullable(),
  manifest: z.record(z.string(), z.unknown()).nullable().describe('The signed manifest once the export succeeded'),
  error: z.string().nullable(),
  requestedBy: z.uuid().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ExportView = z.output<typeof exportViewSchema>;

export const downloadLinkSchema = z.object({
  url: z.string().describe('Relative URL of the file; works without a session until expiresAt'),
  manifestUrl: z.string().describe('Relative URL of the signed manifest (same token)'),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type DownloadLink = z.output<typeof downloadLinkSchema>;

export interface ExportRow {
  id: string;
  org_id: string;
  kind: ExportKind;
  format: 'csv' | 'jsonl';
  status: ExportStatus;
  filters: Record<string, unknown>;
  rows_written: string;
  rows_estimated: string | null;
  file_name: string | null;
  file_bytes: string | null;
  manifest: Record<string, unknown> | null;
  error: string | null;
  requested_by: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

export function toExportView(row: ExportRow): ExportView {
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    status: row.status,
    filters: row.filters,
    progress: { rowsWritten: Number(row.rows_written), rowsEstimated: row.rows_estimated === null ? null : Number(row.rows_estimated) },
    fileBytes: row.file_bytes === null ? null : Number(row.file_bytes),
    manifest: row.manifest,
    error: row.error,
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
