import { z } from 'zod';
import { governanceSnapshotSchema } from './governance-policy';
import { routingPolicySchema } from './routing';

export const providerTypeSchema = z.enum(['openai', 'azure-openai', 'anthropic', 'gemini', 'bedrock', 'openai-compatible']);
export type ProviderType = z.output<typeof providerTypeSchema>;

export const snapshotProviderSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: providerTypeSchema,
  baseUrl: z.string().url(),
  /** Decrypted credentials; they only ever live in gateway memory. */
  apiKey: z.string().optional(),
  options: z.record(z.string(), z.string()).default({}),
});

/**
 * Long-context pricing (Claude Sonnet 4/4.5 with the 1M beta, Gemini 2.5 Pro): when a request's prompt
 * (cached and cache-written tokens included) exceeds `aboveTokens`, these prices apply to the
 * whole request. USD per 1M tokens; an absent cache-write price means the tier's input price, an absent
 * 1-hour cache-write price the tier's cache-write price.
 */
export const priceTierSchema = z.object({
  aboveTokens: z.number().int().positive(),
  inputPricePer1M: z.number().nonnegative(),
  outputPricePer1M: z.number().nonnegative(),
  cachedInputPricePer1M: z.number().nonnegative(),
  cacheWritePricePer1M: z.number().nonnegative().optional(),
  cacheWrite1hPricePer1M: z.number().nonnegative().optional(),
});
export type PriceTier = z.output<typeof priceTierSchema>;

/** What a call is billed with: a catalog model's prices or a deployment's override. */
export const pricesSchema = z.object({
  inputPricePer1M: z.number().nonnegative(),
  outputPricePer1M: z.number().nonnegative(),
  cachedInputPricePer1M: z.number().nonnegative(),
  /** Prompt-cache writes (Anthropic: 1.25× input); absent means the input price. */
  cacheWritePricePer1M: z.number().nonnegative().optional(),
  /** Anthropic's 1-hour-TTL cache writes (2× input); absent means the cache-write price. */
  cacheWrite1hPricePer1M: z.number().nonnegative().optional(),
  longContext: priceTierSchema.optional(),
});
export type Prices = z.output<typeof pricesSchema>;

export const snapshotModelSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  inputPricePer1M: z.number().nonnegative().default(0),
  outputPricePer1M: z.number().nonnegative().default(0),
  cachedInputPricePer1M: z.number().nonnegative().default(0),
  cacheWritePricePer1M: pricesSchema.shape.cacheWritePricePer1M,
  cacheWrite1hPricePer1M: pricesSchema.shape.cacheWrite1hPricePer1M,
  longContext: pricesSchema.shape.longContext,
  /** What the catalog says the model does (`chat`, `embeddings` …); empty when it does not say. */
  capabilities: z.array(z.string()).default([]),
});

export const snapshotDeploymentSchema = z.object({
  id: z.string().min(1),
  modelName: z.string().min(1),
  providerId: z.string().min(1),
  upstreamModel: z.string().min(1),
  weight: z.number().int().positive().default(1),
  priority: z.number().int().nonnegative().default(0),
  timeoutMs: z.number().int().positive().default(60_000),
  /** Capacity in requests / tokens per minute, for usage-based routing; absent means unlimited. */
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
  /** Prices of this deployment when they differ from the catalog model's (e.g. a negotiated rate). */
  prices: pricesSchema.optional(),
});

export const snapshotKeySchema = z.object({
  id: z.uuid(),
  /** HMAC-SHA-256(pepper, secret), hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  prefix: z.string(),
  orgId: z.uuid(),
  teamId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  /** Empty means every model the team may use. */
  allowedModels: z.array(z.string()).default([]),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  revoked: z.boolean().default(false),
  /** Client addresses (IPs or CIDR ranges, v4 or v6) the key may be used from; empty means anywhere. */
  ipAllowList: z.array(z.string().min(1)).default([]),
  /** Tags copied onto every usage event of the key (chargeback, cost centres). */
  metadata: z.record(z.string(), z.string()).default({}),
});

/** A team's model allow-list (`teams.allowed_models`; empty means every catalog model). Model-access approvals add to it. */
export const snapshotTeamSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  allowedModels: z.array(z.string()).default([]),
});

/** Everything the gateway needs to serve, loaded at once and swapped atomically. */
export const configSnapshotSchema = z.object({
  version: z.number().int().nonnegative(),
  providers: z.array(snapshotProviderSchema),
  models: z.array(snapshotModelSchema),
  deployments: z.array(snapshotDeploymentSchema),
  keys: z.array(snapshotKeySchema),
  /** Absent in standalone mode (no teams table). */
  teams: z.array(snapshotTeamSchema).optional(),
  routing: routingPolicySchema.prefault({}),
  governance: governanceSnapshotSchema.prefault({}),
});
export type ConfigSnapshot = z.output<typeof configSnapshotSchema>;
export type SnapshotProvider = z.output<typeof snapshotProviderSchema>;
export type SnapshotModel = z.output<typeof snapshotModelSchema>;
export type SnapshotDeployment = z.output<typeof snapshotDeploymentSchema>;
export type SnapshotKey = z.output<typeof snapshotKeySchema>;
export type SnapshotTeam = z.output<typeof snapshotTeamSchema>;
