import { z } from 'zod';
import type { Deployment } from '@sluice/db';
import { cacheWrite1hPriceSchema, cacheWritePriceSchema, longContextOf, longContextSchema } from '../catalog/long-context-prices';
import { pageQueryShape, sortOrderSchema } from '../catalog/sorted-page';

const price = z.number().nonnegative().max(1_000_000).nullable();

const deploymentFields = {
  upstreamModel: z.string().trim().min(1).max(200).describe('The model name the provider knows (e.g. an Azure deployment or a Bedrock model id)'),
  weight: z.number().int().min(1).max(1000).describe('Share of traffic among deployments of equal priority'),
  priority: z.number().int().min(0).max(1000).describe('Lower is tried first; higher ones are fallbacks'),
  timeoutMs: z.number().int().min(100).max(600_000),
  rpm: z.number().int().positive().nullable().describe('Upstream capacity hint (requests per minute) for usage-based routing'),
  tpm: z.number().int().positive().nullable().describe('Upstream capacity hint (tokens per minute)'),
  inputPricePer1M: price.describe('Override of the catalog price (USD per 1M tokens); null = the model’s price'),
  outputPricePer1M: price,
  cachedInputPricePer1M: price,
  cacheWritePricePer1M: cacheWritePriceSchema.describe('Override of the catalog’s cache-write price; null = the model’s (or this deployment’s input price when the model has none)'),
  cacheWrite1hPricePer1M: cacheWrite1hPriceSchema.describe('Override of the catalog’s 1-hour cache-write price; null = the model’s (or the cache-write price this deployment bills when the model has none)'),
  longContext: longContextSchema.describe('Override of the catalog model’s long-context tier, as a whole; null = the model’s tier'),
  enabled: z.boolean(),
};

/** Strict: unknown fields (e.g. `orgId`) are a 400. Model and provider must be of the caller's organization. */
export const createDeploymentSchema = z.strictObject({
  modelId: z.uuid(),
  providerId: z.uuid(),
  upstreamModel: deploymentFields.upstreamModel,
  weight: deploymentFields.weight.default(1),
  priority: deploymentFields.priority.default(0),
  timeoutMs: deploymentFields.timeoutMs.default(60_000),
  rpm: deploymentFields.rpm.default(null),
  tpm: deploymentFields.tpm.default(null),
  inputPricePer1M: deploymentFields.inputPricePer1M.default(null),
  outputPricePer1M: deploymentFields.outputPricePer1M.default(null),
  cachedInputPricePer1M: deploymentFields.cachedInputPricePer1M.default(null),
  cacheWritePricePer1M: deploymentFields.cacheWritePricePer1M.default(null),
  cacheWrite1hPricePer1M: deploymentFields.cacheWrite1hPricePer1M.default(null),
  longContext: deploymentFields.longContext.default(null),
  enabled: deploymentFields.enabled.default(true),
});
export type CreateDeploymentInput = z.output<typeof createDeploymentSchema>;

/** Model and provider cannot change: create another deployment instead. */
export const updateDeploymentSchema = z.strictObject({
  upstreamModel: deploymentFields.upstreamModel.optional(),
  weight: deploymentFields.weight.optional(),
  priority: deploymentFields.priority.optional(),
  timeoutMs: deploymentFields.timeoutMs.optional(),
  rpm: deploymentFields.rpm.optional(),
  tpm: deploymentFields.tpm.optional(),
  inputPricePer1M: deploymentFields.inputPricePer1M.optional(),
  outputPricePer1M: deploymentFields.outputPricePer1M.optional(),
  cachedInputPricePer1M: deploymentFields.cachedInputPricePer1M.optional(),
  cacheWritePricePer1M: deploymentFields.cacheWritePricePer1M.optional(),
  cacheWrite1hPricePer1M: deploymentFields.cacheWrite1hPricePer1M.optional(),
  longContext: deploymentFields.longContext.optional(),
  enabled: deploymentFields.enabled.optional(),
});
export type UpdateDeploymentInput = z.output<typeof updateDeploymentSchema>;

export const listDeploymentsQuerySchema = z.strictObject({
  ...pageQueryShape,
  modelId: z.uuid().optional(),
  providerId: z.uuid().optional(),
  enabled: z.enum(['true', 'false']).optional(),
  sort: z.enum(['upstreamModel', 'priority']).default('upstreamModel'),
  order: sortOrderSchema.default('asc'),
});
export type ListDeploymentsQuery = z.output<typeof listDeploymentsQuerySchema>;

export const deploymentViewSchema = z.object({
  id: z.uuid(),
  modelId: z.uuid(),
  providerId: z.uuid(),
  ...deploymentFields,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type DeploymentView = z.output<typeof deploymentViewSchema>;

export function toDeploymentView(d: Deployment): DeploymentView {
  return {
    id: d.id,
    modelId: d.modelId,
    providerId: d.providerId,
    upstreamModel: d.upstreamModel,
    weight: d.weight,
    priority: d.priority,
    timeoutMs: d.timeoutMs,
    rpm: d.rpm,
    tpm: d.tpm,
    inputPricePer1M: d.inputPricePer1M,
    outputPricePer1M: d.outputPricePer1M,
    cachedInputPricePer1M: d.cachedInputPricePer1M,
    cacheWritePricePer1M: d.cacheWritePricePer1M,
    cacheWrite1hPricePer1M: d.cacheWrite1hPricePer1M,
    longContext: longContextOf(d),
    enabled: d.enabled,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
