import { z } from 'zod';
import {
  budgetSchema,
  cachePolicySchema,
  guardrailPolicySchema,
  limitPolicySchema,
  loggingPolicySchema,
  policySpecSchemas,
  redisFailModeSchema,
  type Budget,
  type LimitPolicy,
  type PolicyKind,
  type RateLimits,
  type RedisFailMode,
} from '@sluice/contracts';
import { scopeTypeSchema } from './policy.dto';

/** A policy attached to one of the scopes a request passes through, most specific scope first. */
export interface AppliedPolicy {
  scopeType: z.output<typeof scopeTypeSchema>;
  scopeId: string;
  policyId: string;
  policyName: string;
  kind: PolicyKind;
  spec: unknown;
}

const sourceShape = { scopeType: scopeTypeSchema, scopeId: z.uuid(), policyId: z.uuid(), policyName: z.string() };

export const budgetSpendSchema = z.object({
  source: z.literal('redis').describe("The gateways' live budget counter in Redis (the value admission checks against)."),
  periodId: z.string(),
  periodEndsAt: z.iso.datetime({ offset: true }).nullable(),
  spentUsd: z.number(),
  reservedUsd: z.number().describe('Held by requests in flight (their worst-case cost).'),
  remainingUsd: z.number(),
});
export type BudgetSpend = z.output<typeof budgetSpendSchema>;

export const effectivePoliciesSchema = z.object({
  scope: z.object({ type: scopeTypeSchema, id: z.uuid() }),
  /** The scopes the gateway looks at for this scope, most specific first. */
  scopes: z.array(z.object({ type: scopeTypeSchema, id: z.uuid() })),
  rateLimits: z.object({
    merged: limitPolicySchema.describe('Every attached limit applies; this is the tightest value per field (and per model).'),
    failMode: redisFailModeSchema.describe("The organization's fail mode when Redis is unreachable (default open)."),
    sources: z.array(z.object({ ...sourceShape, limits: limitPolicySchema })),
  }),
  budgets: z.array(z.object({ ...sourceShape, budget: budgetSchema, spend: budgetSpendSchema })),
  cache: z.object({ ...sourceShape, policy: cachePolicySchema }).nullable().describe('The most specific scope wins.'),
  guardrail: z.object({ ...sourceShape, policy: guardrailPolicySchema }).nullable().describe('The most specific scope wins.'),
  logging: z.object({ ...sourceShape, policy: loggingPolicySchema }).nullable().describe('The most specific scope wins.'),
});
export type EffectivePolicies = z.output<typeof effectivePoliciesSchema>;

type Scope = EffectivePolicies['scope'];

/** Reads the current spend of a budget attached to a scope. */
export type BudgetSpendReader = (scopeType: Scope['type'], scopeId: string, budget: Budget) => Promise<BudgetSpend>;

/**
 * What the gateway applies to requests of `scope`, from the policies attached along `scopes` (most
 * specific first): every limit and budget, and the most specific cache, guardrail and logging policy.
 */
export async function mergeEffectivePolicies(scope: Scope, scopes: Scope[], applied: AppliedPolicy[], readSpend: BudgetSpendReader): Promise<EffectivePolicies> {
  const rank = (p: AppliedPolicy) => scopes.findIndex((s) => s.type === p.scopeType && s.id === p.scopeId);
  const ordered = applied.filter((p) => rank(p) >= 0).sort((a, b) => rank(a) - rank(b));
  const source = (p: AppliedPolicy) => ({ scopeType: p.scopeType, scopeId: p.scopeId, policyId: p.policyId, policyName: p.policyName });
  const ofKind = <K extends PolicyKind>(kind: K) => ordered.filter((p) => p.kind === kind).map((p) => ({ p, spec: policySpecSchemas[kind].parse(p.spec) as z.output<(typeof policySpecSchemas)[K]> }));

  const limitSources = ofKind('rate_limit').map(({ p, spec }) => {
    const { failMode, ...limits } = spec;
    return { ...source(p), limits, failMode };
  });
  const orgFailMode = limitSources.find((s) => s.scopeType === 'org')?.failMode;
  const mostSpecific = <K extends 'cache' | 'guardrail' | 'logging'>(kind: K) => {
    const first = ofKind(kind)[0];
    return first ? { ...source(first.p), policy: first.spec } : null;
  };
  return {
    scope,
    scopes,
    rateLimits: {
      merged: tightest(limitSources.map((s) => s.limits)),
      failMode: orgFailMode ?? ('open' satisfies RedisFailMode),
      sources: limitSources.map(({ failMode: _unused, ...rest }) => rest),
    },
    budgets: await Promise.all(ofKind('budget').map(async ({ p, spec }) => ({ ...source(p), budget: spec, spend: await readSpend(p.scopeType, p.scopeId, spec) }))),
    cache: mostSpecific('cache'),
    guardrail: mostSpecific('guardrail'),
    logging: mostSpecific('logging'),
  };
}

/** The smallest value of each limit field across policies; per-model limits merged the same way. */
export function tightest(policies: LimitPolicy[]): LimitPolicy {
  const merged: LimitPolicy = { ...minOf(policies), perModel: {} };
  const models = new Set(policies.flatMap((p) => Object.keys(p.perModel)));
  for (const model of [...models].sort()) merged.perModel[model] = minOf(policies.map((p) => p.perModel[model]).filter((l): l is RateLimits => l !== undefined));
  return merged;
}

function minOf(limits: RateLimits[]): RateLimits {
  const out: RateLimits = {};
  for (const field of ['rpm', 'tpm', 'maxConcurrent'] as const) {
    const values = limits.map((l) => l[field]).filter((v): v is number => v !== undefined);
    if (values.length) out[field] = Math.min(...values);
  }
  return out;
}
