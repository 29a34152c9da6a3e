import { z } from 'zod';

/** How an upstream failure is classified; the provider adapters map HTTP statuses and bodies onto these. */
export const routingErrorKindSchema = z.enum([
  'rate_limit',
  'context_window_exceeded',
  'content_policy',
  'auth',
  'invalid_request',
  'not_found',
  'server',
  'timeout',
  'connection',
]);
export type RoutingErrorKind = z.output<typeof routingErrorKindSchema>;

/** How one deployment is chosen among the healthy deployments of a model alias. */
export const routingStrategySchema = z.enum(['weighted', 'lowest-latency', 'least-busy', 'usage-based', 'priority']);
export type RoutingStrategy = z.output<typeof routingStrategySchema>;

/** Requests and tokens per minute a deployment can take; absent means unlimited. */
export const deploymentCapacitySchema = z.object({
  rpm: z.number().int().positive().optional(),
  tpm: z.number().int().positive().optional(),
});
export type DeploymentCapacity = z.output<typeof deploymentCapacitySchema>;

/** Retries on the same deployment: exponential backoff with full jitter, `Retry-After` taking precedence. */
export const retryPolicySchema = z
  .object({
    /** Retries per deployment after its first attempt. */
    maxRetries: z.number().int().min(0).max(10).default(2),
    baseDelayMs: z.number().int().nonnegative().default(200),
    maxDelayMs: z.number().int().nonnegative().default(5_000),
    /** Budget for the whole routed request (all attempts, waits and fallbacks) until the response is committed. */
    totalTimeoutMs: z.number().int().positive().max(3_600_000).default(120_000),
    /** Kinds retried on the same deployment. */
    retryOn: z.array(routingErrorKindSchema).default(['server', 'timeout', 'rate_limit', 'connection']),
  })
  .refine((p) => p.baseDelayMs <= p.maxDelayMs, { message: 'baseDelayMs must not exceed maxDelayMs', path: ['baseDelayMs'] });
export type RetryPolicy = z.output<typeof retryPolicySchema>;

/** Circuit breaker per deployment and gateway instance. */
export const cooldownPolicySchema = z
  .object({
    /** Failures within `windowMs` that open the breaker. */
    failureThreshold: z.number().int().positive().default(5),
    windowMs: z.number().int().positive().default(60_000),
    /** First open period; each failed half-open probe multiplies it by `backoffMultiplier`, up to `maxCooldownMs`. */
    cooldownMs: z.number().int().positive().default(15_000),
    maxCooldownMs: z.number().int().positive().default(300_000),
    backoffMultiplier: z.number().min(1).default(2),
    /** Kinds that count as a deployment failure (caller mistakes such as invalid_request never do). */
    countedKinds: z.array(routingErrorKindSchema).default(['rate_limit', 'server', 'timeout', 'connection']),
  })
  .refine((p) => p.cooldownMs <= p.maxCooldownMs, { message: 'cooldownMs must not exceed maxCooldownMs', path: ['cooldownMs'] });
export type CooldownPolicy = z.output<typeof cooldownPolicySchema>;

/** Which failures move a request on to the fallback models once the alias's own deployments are exhausted. */
export const fallbackTriggersSchema = z.object({
  /** server, connection and not_found errors. */
  errors: z.boolean().default(true),
  rate_limits: z.boolean().default(true),
  timeouts: z.boolean().default(true),
  context_window_exceeded: z.boolean().default(true),
  content_policy: z.boolean().default(true),
});
export type FallbackTriggers = z.output<typeof fallbackTriggersSchema>;

/** Everything the router needs besides the deployments themselves. */
export const routingPolicySchema = z.object({
  strategy: routingStrategySchema.default('weighted'),
  /** Per model alias override of `strategy`. */
  strategyByModel: z.record(z.string(), routingStrategySchema).default({}),
  retry: retryPolicySchema.prefault({}),
  cooldown: cooldownPolicySchema.prefault({}),
  /** Model alias → ordered fallback aliases (not transitive: a fallback's own fallbacks are not followed). */
  fallbacks: z.record(z.string(), z.array(z.string().min(1))).default({}),
  fallbackOn: fallbackTriggersSchema.prefault({}),
  /** Share of `lowest-latency` picks made at random so slow or recovered deployments are measured again. */
  explorationRate: z.number().min(0).max(1).default(0.05),
});
export type RoutingPolicy = z.output<typeof routingPolicySchema>;
export type RoutingPolicyInput = z.input<typeof routingPolicySchema>;
