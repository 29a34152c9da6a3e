import { z } from 'zod';
import { cachePolicySchema } from './cache';
import { guardrailPolicySchema } from './guardrail-policy';

/** Requests per minute, tokens per minute and concurrent requests; absent means no limit. */
export const rateLimitsSchema = z
  .object({
    rpm: z.number().int().positive().optional(),
    tpm: z.number().int().positive().optional(),
    maxConcurrent: z.number().int().positive().optional(),
  })
  .strict();
export type RateLimits = z.output<typeof rateLimitsSchema>;

/** Limits for a scope, plus tighter ones per model within it. */
export const limitPolicySchema = rateLimitsSchema.extend({
  perModel: z.record(z.string().min(1), rateLimitsSchema).default({}),
});
export type LimitPolicy = z.output<typeof limitPolicySchema>;

export const budgetPeriodSchema = z.enum(['daily', 'weekly', 'monthly', 'total']);
export type BudgetPeriod = z.output<typeof budgetPeriodSchema>;

/** A spending limit in USD per period (UTC calendar days, ISO weeks, calendar months, or forever). */
export const budgetSchema = z
  .object({
    amountUsd: z.number().positive(),
    period: budgetPeriodSchema.default('monthly'),
    /** Hard budgets refuse calls that could exceed them; soft ones only alert. */
    hard: z.boolean().default(true),
    /** Fractions of the amount at which alert events are emitted. */
    alertThresholds: z.array(z.number().gt(0).max(1)).default([0.5, 0.8, 1]),
  })
  .strict();
export type Budget = z.output<typeof budgetSchema>;

export const governanceScopeSchema = z.enum(['org', 'team', 'user', 'key']);
export type GovernanceScope = z.output<typeof governanceScopeSchema>;

export const scopedLimitSchema = z.object({ scope: governanceScopeSchema, scopeId: z.string().min(1), limits: limitPolicySchema });
export const scopedBudgetSchema = z.object({ scope: governanceScopeSchema, scopeId: z.string().min(1), budget: budgetSchema });
/** A cache policy attached to a scope; the most specific scope (key, then team, then org) wins. */
export const scopedCachePolicySchema = z.object({ scope: governanceScopeSchema, scopeId: z.string().min(1), policy: cachePolicySchema });
/** A guardrail policy attached to a scope; the most specific scope (key, then team, then org) wins. */
export const scopedGuardrailPolicySchema = z.object({ scope: governanceScopeSchema, scopeId: z.string().min(1), policy: guardrailPolicySchema });

/**
 * What the gateway keeps of a request in the request logs, per scope (the most specific scope wins).
 * Absent everywhere means metadata only (no prompt or response text), kept `retentionDays` = 30.
 */
export const loggingPolicySchema = z
  .object({
    storePrompts: z.boolean().default(false),
    storeResponses: z.boolean().default(false),
    /** Days request logs of this scope are kept before the retention job deletes them. */
    retentionDays: z.number().int().positive().max(3650).default(30),
  })
  .strict();
export type LoggingPolicy = z.output<typeof loggingPolicySchema>;
/** A logging policy attached to a scope; the most specific scope (key, then user, team, org) wins. */
export const scopedLoggingPolicySchema = z.object({ scope: governanceScopeSchema, scopeId: z.string().min(1), policy: loggingPolicySchema });

/** What happens to limits and budgets when Redis cannot be reached. */
export const redisFailModeSchema = z.enum(['open', 'closed']);
export type RedisFailMode = z.output<typeof redisFailModeSchema>;

/** The kinds of policy the admin API stores (`policies.kind`) and attaches to org, team, user or key. */
export const POLICY_KINDS = ['rate_limit', 'budget', 'cache', 'guardrail', 'logging'] as const;
export const policyKindSchema = z.enum(POLICY_KINDS);
export type PolicyKind = z.output<typeof policyKindSchema>;

/**
 * A stored rate-limit policy: the gateway's limit policy plus, only when attached to an organization,
 * that organization's Redis fail mode.
 */
export const rateLimitPolicySpecSchema = limitPolicySchema.extend({ failMode: redisFailModeSchema.optional() });
export type RateLimitPolicySpec = z.output<typeof rateLimitPolicySpecSchema>;

/** Everything the gateway enforces besides keys: limits and budgets attached to scopes. */
export const governanceSnapshotSchema = z.object({
  limits: z.array(scopedLimitSchema).default([]),
  budgets: z.array(scopedBudgetSchema).default([]),
  cache: z.array(scopedCachePolicySchema).default([]),
  guardrails: z.array(scopedGuardrailPolicySchema).default([]),
  logging: z.array(scopedLoggingPolicySchema).default([]),
  /**
   * `open` (default): keep serving, each instance enforcing limit ÷ `expectedInstances` in memory;
   * `closed`: refuse requests that have limits or budgets with 503 until Redis is back.
   */
  failMode: z.record(z.uuid(), redisFailModeSchema).default({}),
  defaultFailMode: redisFailModeSchema.default('open'),
  expectedInstances: z.number().int().positive().default(1),
});
export type GovernanceSnapshot = z.output<typeof governanceSnapshotSchema>;

/** The spec schema of each policy kind: the same schemas the gateway applies. */
export const policySpecSchemas = {
  rate_limit: rateLimitPolicySpecSchema,
  budget: budgetSchema,
  cache: cachePolicySchema,
  guardrail: guardrailPolicySchema,
  logging: loggingPolicySchema,
} as const satisfies Record<PolicyKind, z.ZodType>;
