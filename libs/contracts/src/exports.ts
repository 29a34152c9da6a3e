import { z } from 'zod';

/**
 * Export jobs (queue `QueueName.Exports`): the admin API inserts an `exports` row and enqueues its id
 * (BullMQ job id = export id, so a retried enqueue runs once); the worker streams the file under
 * EXPORTS_DIR, records progress and the signed manifest on the row.
 */
export const EXPORT_KINDS = ['audit', 'usage_report'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const exportJobSchema = z.object({ exportId: z.uuid(), orgId: z.uuid(), kind: z.enum(EXPORT_KINDS) });
export type ExportJob = z.output<typeof exportJobSchema>;

export const USAGE_REPORT_GROUP_BY = ['team', 'model', 'team_model'] as const;
export const USAGE_REPORT_PERIODS = ['day', 'month'] as const;

/** What a usage (chargeback) report covers; stored as the export's `filters`. `to` is exclusive. */
export const usageReportFiltersSchema = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  groupBy: z.enum(USAGE_REPORT_GROUP_BY),
  period: z.enum(USAGE_REPORT_PERIODS).default('month'),
});
export type UsageReportFilters = z.output<typeof usageReportFiltersSchema>;
