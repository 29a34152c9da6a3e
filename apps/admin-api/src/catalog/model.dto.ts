import { z } from 'zod';
import { providerTypeSchema } from '@sluice/contracts';
import { MODEL_CAPABILITIES, MODEL_MODALITIES, MODEL_STATUSES, type Model } from '@sluice/db';
import { cacheWrite1hPriceSchema, cacheWritePriceSchema, longContextOf, longContextSchema } from './long-context-prices';
import { pageQueryShape, sortOrderSchema } from './sorted-page';


const price = z.number().nonnegative().max(1_000_000).describe('USD per 1M tokens');
const label = z.string().trim().min(1).max(64);

const modelFields = {
  family: z.string().trim().min(1).max(100),
  provider: providerTypeSchema.describe('The provider type that serves the model natively'),
  contextWindow: z.number().int().positive().max(100_000_000),
  maxOutputTokens: z.number().int().positive().max(100_000_000).nullable(),
  inputPricePer1M: price,
  outputPricePer1M: price,
  cachedInputPricePer1M: price.nullable(),
  cacheWritePricePer1M: cacheWritePriceSchema,
  cacheWrite1hPricePer1M: cacheWrite1hPriceSchema,
  longContext: longContextSchema,
  modalities: z.array(z.enum(MODEL_MODALITIES)).max(MODEL_MODALITIES.length),
  capabilities: z.array(z.enum(MODEL_CAPABILITIES)).max(MODEL_CAPABILITIES.length),
  status: z.enum(MODEL_STATUSES),
  deprecationDate: z.iso.date().nullable(),
  description: z.string().max(2000),
  tags: z.array(label).max(30),
};

/** Strict: `orgId`, `id` or unknown fields are a 400. */
export const createModelSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'letters, digits and . _ : / @ -'),
  ...modelFields,
  maxOutputTokens: modelFields.maxOutputTokens.default(null),
  cachedInputPricePer1M: modelFields.cachedInputPricePer1M.default(null),
  cacheWritePricePer1M: modelFields.cacheWritePricePer1M.default(null),
  cacheWrite1hPricePer1M: modelFields.cacheWrite1hPricePer1M.default(null),
  longContext: modelFields.longContext.default(null),
  modalities: modelFields.modalities.default(['text']),
  capabilities: modelFields.capabilities.default([]),
  status: modelFields.status.default('ga'),
  deprecationDate: modelFields.deprecationDate.default(null),
  description: modelFields.description.default(''),
  tags: modelFields.tags.default([]),
});
export type CreateModelInput = z.output<typeof createModelSchema>;

/** The name cannot change: keys and team allow-lists refer to models by name. */
export const updateModelSchema = z.strictObject({
  family: modelFields.family.optional(),
  provider: modelFields.provider.optional(),
  contextWindow: modelFields.contextWindow.optional(),
  maxOutputTokens: modelFields.maxOutputTokens.optional(),
  inputPricePer1M: modelFields.inputPricePer1M.optional(),
  outputPricePer1M: modelFields.outputPricePer1M.optional(),
  cachedInputPricePer1M: modelFields.cachedInputPricePer1M.optional(),
  cacheWritePricePer1M: modelFields.cacheWritePricePer1M.optional(),
  cacheWrite1hPricePer1M: modelFields.cacheWrite1hPricePer1M.optional(),
  longContext: modelFields.longContext.optional(),
  modalities: modelFields.modalities.optional(),
  capabilities: modelFields.capabilities.optional(),
  status: modelFields.status.optional(),
  deprecationDate: modelFields.deprecationDate.optional(),
  description: modelFields.description.optional(),
  tags: modelFields.tags.optional(),
});
export type UpdateModelInput = z.output<typeof updateModelSchema>;

export const deprecateModelSchema = z.strictObject({
  deprecationDate: z.iso.date().optional().describe('When the gateway stops serving it; default today (immediately)'),
});

export const listModelsQuerySchema = z.strictObject({
  ...pageQueryShape,
  q: z.string().trim().min(1).max(200).optional().describe('Substring of name, family or description (case-insensitive)'),
  provider: providerTypeSchema.optional(),
  family: z.string().trim().min(1).max(100).optional(),
  capability: z.enum([...MODEL_CAPABILITIES, 'json']).optional().describe('`json` is an alias of `json_mode`'),
  modality: z.enum(MODEL_MODALITIES).optional(),
  status: z.enum(MODEL_STATUSES).optional(),
  minContextWindow: z.coerce.number().int().nonnegative().optional(),
  maxInputPrice: z.coerce.number().nonnegative().optional().describe('USD per 1M input tokens'),
  sort: z.enum(['name', 'inputPrice', 'contextWindow']).default('name'),
  order: sortOrderSchema.default('asc'),
});
export type ListModelsQuery = z.output<typeof listModelsQuerySchema>;

export const modelViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  ...modelFields,
  description: z.string(),
  tags: z.array(z.string()),
  modalities: z.array(z.string()),
  capabilities: z.array(z.string()),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ModelView = z.output<typeof modelViewSchema>;

export const modelDetailSchema = modelViewSchema.extend({
  teamsWithAccess: z
    .array(z.object({ id: z.uuid(), name: z.string(), allModels: z.boolean().describe('The team has no allow-list: every catalog model') }))
    .describe('Teams whose allow-list includes the model (or who have no allow-list); only the caller’s own teams unless they may see every team'),
  deployments: z.array(
    z.object({ id: z.uuid(), providerId: z.uuid(), providerName: z.string(), upstreamModel: z.string(), priority: z.number().int(), weight: z.number().int(), enabled: z.boolean() }),
  ),
});
export type ModelDetail = z.output<typeof modelDetailSchema>;

export function toModelView(m: Model): ModelView {
  return {
    id: m.id,
    orgId: m.orgId,
    name: m.name,
    family: m.family,
    provider: m.providerType,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    inputPricePer1M: m.inputPricePer1M,
    outputPricePer1M: m.outputPricePer1M,
    cachedInputPricePer1M: m.cachedInputPricePer1M,
    cacheWritePricePer1M: m.cacheWritePricePer1M,
    cacheWrite1hPricePer1M: m.cacheWrite1hPricePer1M,
    longContext: longContextOf(m),
    modalities: m.modalities,
    capabilities: m.capabilities,
    status: m.status,
    deprecationDate: m.deprecationDate,
    description: m.description,
    tags: m.tags,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
