import { z } from 'zod';

const changeList = z.object({
  added: z.array(z.string()),
  changed: z.array(z.object({ name: z.string(), fields: z.array(z.string()) })),
  removed: z.array(z.string()),
});
export type ChangeList = z.output<typeof changeList>;

export const configDiffSchema = z.object({
  providers: changeList,
  models: changeList,
  teams: z.object({ added: z.array(z.string()) }),
  policies: changeList,
});
export type ConfigDiff = z.output<typeof configDiffSchema>;

const summarySchema = z.object({ added: z.number(), changed: z.number(), removed: z.number() });

/** `POST /api/v1/config/import/preview`. */
export const importPreviewSchema = z.object({ baseVersion: z.number(), diff: configDiffSchema, summary: summarySchema });
export type ImportPreview = z.output<typeof importPreviewSchema>;

/** `POST /api/v1/config/import`. */
export const importResultSchema = z.object({ applied: z.boolean(), version: z.number(), diff: configDiffSchema, summary: summarySchema });
export type ImportResult = z.output<typeof importResultSchema>;

export function isEmptyDiff(summary: ImportPreview['summary']): boolean {
  return summary.added + summary.changed + summary.removed === 0;
}
