import { z } from 'zod';
import { providerTypeSchema } from './config-snapshot';
import { cachePolicySchema } from './cache';
import { budgetSchema, limitPolicySchema, loggingPolicySchema, redisFailModeSchema } from './governance-policy';
import { guardrailPolicySchema } from './guardrail-policy';
import { routingPolicySchema } from './routing';

const name = z.string().regex(/^[A-Za-z0-9][\w.:/-]{0,127}$/, 'letters, digits and . _ : / - only (max 128)');

export const standaloneProviderSchema = z
  .object({
    name,
    type: providerTypeSchema,
    base_url: z.string().url(),
    api_key: z.string().min(1).optional(),
    options: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** Prices for the whole request when its prompt exceeds `above_tokens` (Claude Sonnet 4/4.5 1M beta, Gemini 2.5 Pro). */
export const standaloneLongContextSchema = z
  .object({
    above_tokens: z.number().int().positive(),
    input_per_1m: z.number().nonnegative(),
    output_per_1m: z.number().nonnegative(),
    cached_input_per_1m: z.number().nonnegative(),
    cache_write_per_1m: z.number().nonnegative().optional(),
    cache_write_1h_per_1m: z.number().nonnegative().optional(),
  })
  .strict();

export const standaloneDeploymentSchema = z
  .object({
    provider: name,
    model: z.string().min(1).max(200),
    weight: z.number().int().positive().default(1),
    priority: z.number().int().nonnegative().default(0),
    timeout_ms: z.number().int().positive().max(600_000).default(60_000),
    rpm: z.number().int().positive().optional(),
    tpm: z.number().int().positive().optional(),
    /** Overrides the model's prices for this deployment. */
    prices: z
      .object({
        input_per_1m: z.number().nonnegative(),
        output_per_1m: z.number().nonnegative(),
        /** Absent: the model's cached-input price, else this deployment's input price. */
        cached_input_per_1m: z.number().nonnegative().optional(),
        cache_write_per_1m: z.number().nonnegative().optional(),
        cache_write_1h_per_1m: z.number().nonnegative().optional(),
        long_context: standaloneLongContextSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const standaloneModelSchema = z
  .object({
    name,
    prices: z
      .object({
        input_per_1m: z.number().nonnegative().default(0),
        output_per_1m: z.number().nonnegative().default(0),
        /** Prompt-cache reads; absent means the input price (cached tokens are never free by omission). */
        cached_input_per_1m: z.number().nonnegative().optional(),
        /** Prompt-cache writes (Anthropic: 1.25× input); absent means the input price. */
        cache_write_per_1m: z.number().nonnegative().optional(),
        /** Anthropic's 1-hour-TTL cache writes (2× input); absent means cache_write_per_1m. */
        cache_write_1h_per_1m: z.number().nonnegative().optional(),
        long_context: standaloneLongContextSchema.optional(),
      })
      .strict()
      .default({ input_per_1m: 0, output_per_1m: 0 }),
    /** What the model does (`chat`, `embeddings` …, the catalog's names); the gateway refuses the wrong endpoint for a model that says. */
    capabilities: z.array(z.string().min(1)).default([]),
    deployments: z.array(standaloneDeploymentSchema).min(1, 'a model needs at least one deployment'),
  })
  .strict();

export const standaloneKeySchema = z
  .object({
    name,
    /** The secret itself (usually `${ENV_VAR}`); hashed with the pepper when loaded. */
    key: z.string().min(1).optional(),
    /** Or its HMAC-SHA-256 hash (hex), when the file must not hold secrets. */
    key_hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters').optional(),
    team: name.default('default'),
    allowed_models: z.array(z.string()).default([]),
    expires_at: z.iso.datetime({ offset: true }).nullable().default(null),
    ip_allow_list: z.array(z.string().min(1)).default([]),
    metadata: z.record(z.string(), z.string()).default({}),
    limits: limitPolicySchema.optional(),
    budget: budgetSchema.optional(),
    cache: cachePolicySchema.optional(),
    guardrails: guardrailPolicySchema.optional(),
    logging: loggingPolicySchema.optional(),
  })
  .strict()
  .refine((k) => (k.key === undefined) !== (k.key_hash === undefined), { message: 'set exactly one of key or key_hash' });

/** The gateway's standalone config file (also the admin API's import/export shape). */
export const standaloneConfigSchema = z
  .object({
    version: z.literal(1),
    organization: name.default('standalone'),
    providers: z.array(standaloneProviderSchema).min(1),
    models: z.array(standaloneModelSchema).min(1),
    keys: z.array(standaloneKeySchema).default([]),
    teams: z
      .array(
        z
          .object({
            name,
            limits: limitPolicySchema.optional(),
            budget: budgetSchema.optional(),
            cache: cachePolicySchema.optional(),
            guardrails: guardrailPolicySchema.optional(),
            logging: loggingPolicySchema.optional(),
          })
          .strict(),
      )
      .default([]),
    /** The organization's guardrail policy (teams and keys may override it). */
    guardrails: guardrailPolicySchema.optional(),
    /** The organization's response cache policy (teams and keys may override it). */
    cache: cachePolicySchema.optional(),
    /** The organization's request-logging policy (teams and keys may override it). */
    logging: loggingPolicySchema.optional(),
    organization_limits: limitPolicySchema.optional(),
    organization_budget: budgetSchema.optional(),
    /** When Redis is unreachable: `open` keeps serving with per-instance limits, `closed` refuses governed requests. */
    governance: z
      .object({ failMode: redisFailModeSchema.default('open'), expectedInstances: z.number().int().positive().default(1) })
      .strict()
      .prefault({}),
    /** Strategy, retries, cooldown and fallbacks (see libs/routing/README.md). */
    routing: routingPolicySchema.prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const providers = new Set<string>();
    cfg.providers.forEach((p, i) => {
      if (providers.has(p.name)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'name'], message: `duplicate provider '${p.name}'` });
      providers.add(p.name);
    });
    const models = new Set<string>();
    cfg.models.forEach((m, i) => {
      if (models.has(m.name)) ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `duplicate model '${m.name}'` });
      models.add(m.name);
      m.deployments.forEach((d, j) => {
        if (!providers.has(d.provider)) {
          ctx.addIssue({ code: 'custom', path: ['models', i, 'deployments', j, 'provider'], message: `unknown provider '${d.provider}'` });
        }
      });
    });
  });
export type StandaloneConfig = z.output<typeof standaloneConfigSchema>;
