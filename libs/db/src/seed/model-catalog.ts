import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { providerTypeSchema } from '@sluice/contracts';
import { MODEL_CAPABILITIES, MODEL_MODALITIES, MODEL_STATUSES } from '../entities/model.entity';

/** The editable catalog shipped beside this module (copied into dist/ by the build). */
export const DEFAULT_MODEL_CATALOG_PATH = join(__dirname, 'model-catalog.yaml');

const price = z.number().nonnegative();

export const catalogModelSchema = z.strictObject({
  name: z.string().min(1).max(200),
  family: z.string().min(1),
  provider: providerTypeSchema,
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive().optional(),
  price: z.strictObject({
    input: price,
    output: price,
    cachedInput: price.optional(),
    /** Prompt-cache writes (Claude: 1.25× input); absent = the input price. */
    cacheWrite: price.optional(),
    /** 1-hour prompt-cache writes (Claude: 2× input); absent = the cache-write price. */
    cacheWrite1h: price.optional(),
    /** Prices for the whole request when the prompt exceeds `aboveTokens`. */
    longContext: z
      .strictObject({ aboveTokens: z.number().int().positive(), input: price, output: price, cachedInput: price, cacheWrite: price.optional(), cacheWrite1h: price.optional() })
      .optional(),
  }),
  modalities: z.array(z.enum(MODEL_MODALITIES)).min(1).default(['text']),
  capabilities: z.array(z.enum(MODEL_CAPABILITIES)).min(1),
  status: z.enum(MODEL_STATUSES).default('ga'),
  deprecationDate: z.iso.date().optional(),
  description: z.string().min(1),
  tags: z.array(z.string()).default([]),
});

export const demoProviderKeySchema = z.enum(['mock-openai', 'mock-anthropic']);
export type DemoProviderKey = z.output<typeof demoProviderKeySchema>;

export const modelCatalogSchema = z
  .strictObject({
    models: z.array(catalogModelSchema).min(1),
    demoDeployments: z
      .array(z.strictObject({ model: z.string().min(1), provider: demoProviderKeySchema, upstreamModel: z.string().min(1) }))
      .default([]),
  })
  .superRefine((catalog, ctx) => {
    const names = new Set<string>();
    catalog.models.forEach((model, i) => {
      if (names.has(model.name)) ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `duplicate model ${model.name}` });
      names.add(model.name);
    });
    catalog.demoDeployments.forEach((d, i) => {
      if (!names.has(d.model)) ctx.addIssue({ code: 'custom', path: ['demoDeployments', i, 'model'], message: `no model named ${d.model}` });
    });
  });
export type ModelCatalog = z.output<typeof modelCatalogSchema>;
export type CatalogModel = z.output<typeof catalogModelSchema>;

/** Reads and validates a catalog YAML file; the error names the offending entry. */
export function loadModelCatalog(path: string = DEFAULT_MODEL_CATALOG_PATH): ModelCatalog {
  const result = modelCatalogSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (result.success) return result.data;
  throw new Error(`invalid model catalog ${path}:\n${z.prettifyError(result.error)}`);
}
