import { z } from 'zod';

/**
 * Response caching policy (per org or team, from the config snapshot or the standalone file).
 * `exact`: identical normalised requests are answered from Redis. `exact+semantic`: additionally,
 * prompts whose embedding is at least `semantic.threshold` cosine-similar to a stored one (same
 * org, team, model, system prompt and tools) are answered from pgvector.
 */
export const CACHE_MODES = ['off', 'exact', 'exact+semantic'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/** Dimension of `semantic_cache_entries.embedding`; embedders are asked for exactly this many. */
export const SEMANTIC_CACHE_DIMENSIONS = 1536;

export const semanticCachePolicySchema = z.object({
  /** A model name the gateway serves on `/v1/embeddings` (e.g. `text-embedding-3-small`). */
  embeddingModel: z.string().min(1).max(200),
  /** Minimum cosine similarity for a hit, 0..1. Clients may raise it per request, never lower it. */
  threshold: z.number().min(0).max(1).default(0.95),
  /** Oldest entries beyond this many per (org, team, model, scope) are evicted on insert. */
  maxEntriesPerScope: z.number().int().positive().max(10_000_000).optional(),
});
export type SemanticCachePolicy = z.output<typeof semanticCachePolicySchema>;

export const cachePolicySchema = z
  .object({
    mode: z.enum(CACHE_MODES).default('off'),
    ttlSeconds: z.number().int().positive().max(30 * 24 * 3600).default(3600),
    semantic: semanticCachePolicySchema.optional(),
  })
  .superRefine((policy, ctx) => {
    if (policy.mode === 'exact+semantic' && !policy.semantic) {
      ctx.addIssue({ code: 'custom', path: ['semantic'], message: "mode 'exact+semantic' needs semantic.embeddingModel" });
    }
  });
export type CachePolicy = z.output<typeof cachePolicySchema>;

/**
 * Request headers that steer the cache (documented in libs/cache/README.md), besides the standard
 * `cache-control: no-cache | no-store`. Responses carry `x-sluice-cache` with a `cacheStatusSchema` value.
 */
export const CacheHeader = {
  /** `bypass`: neither read nor write the cache; `refresh`: skip the lookup, store the fresh answer. */
  Control: 'x-sluice-cache',
  /** A semantic threshold for this request; values below the policy's are raised to it. */
  Threshold: 'x-sluice-cache-threshold',
} as const;

