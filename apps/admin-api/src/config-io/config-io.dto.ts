import { z } from 'zod';
import { configDiffSchema } from './config-diff';

const yamlText = z.string().min(1).max(2_000_000).describe('The config file (the gateway standalone YAML shape, as `GET /api/v1/config/export` writes it).');

export const importPreviewBodySchema = z.strictObject({ yaml: yamlText });

export const importBodySchema = z.strictObject({
  yaml: yamlText,
  expectedVersion: z.number().int().nonnegative().optional().describe('Apply only if the config version is still this one (else 409); `baseVersion` of a preview.'),
});
export type ImportBody = z.output<typeof importBodySchema>;

const summarySchema = z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() });

export const importPreviewSchema = z.object({
  baseVersion: z.number().int().describe('The config version the diff was computed against.'),
  diff: configDiffSchema,
  summary: summarySchema,
});
export type ImportPreview = z.output<typeof importPreviewSchema>;

export const importResultSchema = z.object({
  applied: z.boolean().describe('False when the file matched the stored config (nothing written, no version bump).'),
  version: z.number().int().describe('The config version after the import.'),
  diff: configDiffSchema,
  summary: summarySchema,
});
export type ImportResult = z.output<typeof importResultSchema>;
