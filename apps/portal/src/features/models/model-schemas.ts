import { z } from 'zod';
import { pageSchema } from '../../api/me-schema';
import { longContextSchema } from './long-context';

export const modelSchema = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  provider: z.string(),
  contextWindow: z.number(),
  maxOutputTokens: z.number().nullable(),
  inputPricePer1M: z.number(),
  outputPricePer1M: z.number(),
  cachedInputPricePer1M: z.number().nullable(),
  cacheWritePricePer1M: z.number().nullable(),
  cacheWrite1hPricePer1M: z.number().nullable(),
  longContext: longContextSchema.nullable(),
  modalities: z.array(z.string()),
  capabilities: z.array(z.string()),
  status: z.string(),
  deprecationDate: z.string().nullable(),
  description: z.string(),
  tags: z.array(z.string()),
});
export type Model = z.output<typeof modelSchema>;
export const modelPageSchema = pageSchema(modelSchema);

export const modelDetailSchema = modelSchema.extend({
  teamsWithAccess: z.array(z.object({ id: z.string(), name: z.string(), allModels: z.boolean() })),
  deployments: z.array(z.object({ id: z.string(), providerName: z.string(), upstreamModel: z.string(), priority: z.number(), weight: z.number(), enabled: z.boolean() })),
});
export type ModelDetail = z.output<typeof modelDetailSchema>;

export const accessRequestSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  model: z.string(),
  requestedBy: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'denied']),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
});
export type AccessRequest = z.output<typeof accessRequestSchema>;
export const accessRequestPageSchema = pageSchema(accessRequestSchema);

export const CAPABILITIES = ['chat', 'tools', 'json_mode', 'vision', 'reasoning', 'streaming', 'embeddings', 'code', 'fim'] as const;
export const MODALITIES = ['text', 'image', 'audio', 'video'] as const;
export const MODEL_FILTER_KEYS = ['q', 'provider', 'capability', 'modality', 'minContextWindow', 'maxInputPrice', 'sort'] as const;
export const MAX_COMPARE = 4;
