import { z } from 'zod';

/** An export job as the admin API shows it (audit exports and usage reports alike). */
export const exportJobSchema = z.object({
  id: z.string(),
  format: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  filters: z.record(z.string(), z.unknown()),
  progress: z.object({ rowsWritten: z.number(), rowsEstimated: z.number().nullable() }),
  fileBytes: z.number().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  /** The signed manifest of a finished export; only its chain verdict is read here (usage reports have none). */
  manifest: z
    .looseObject({ chainVerified: z.boolean().optional(), chainBreak: z.object({ seq: z.union([z.number(), z.string()]), reason: z.string() }).nullable().optional() })
    .nullable()
    .optional(),
});
export type ExportJob = z.output<typeof exportJobSchema>;

export const downloadLinkSchema = z.object({ url: z.string(), manifestUrl: z.string(), expiresAt: z.string() });
