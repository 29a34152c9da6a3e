import { z } from 'zod';

/** Thrown when environment configuration is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses `env` with `schema`. On failure throws a ConfigError whose message lists each
 * offending variable and why, so an app can print it and exit.
 */
export function parseEnv<S extends z.ZodType>(app: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    const shown = value === undefined ? 'unset' : isSecretName(name) ? 'set (hidden)' : JSON.stringify(value);
    return `  - ${name} (${shown}): ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration for ${app}:\n${lines.join('\n')}`);
}

function isSecretName(name: string): boolean {
  return /PASSWORD|SECRET|PEPPER|KEK|TOKEN|KEY$|URL$/i.test(name);
}

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const nodeEnvSchema = z.enum(['development', 'test', 'production']).default('development');
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export const portSchema = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));

export const intSchema = (fallback: number, min = 0) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).default(fallback));

export const booleanSchema = (fallback: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

export const postgresUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

export const redisUrlSchema = z
  .string()
  .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
  .default('redis://127.0.0.1:6379');

export const httpUrlSchema = z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL');

/** Demo secrets that `npm start` uses; every app refuses them when NODE_ENV=production. */
export const DEV_KEY_PEPPER = 'sluice-dev-pepper-not-for-production';

export const keyPepperSchema = z.preprocess(
  emptyToUndefined,
  z.string().min(16, 'must be at least 16 characters').default(DEV_KEY_PEPPER),
);

/** Fails when production runs with a demo secret. */
export function refuseDemoSecrets<T extends { NODE_ENV: string }>(
  pairs: Array<[keyof T & string, string]>,
) {
  return (cfg: T, ctx: z.RefinementCtx) => {
    if (cfg.NODE_ENV !== 'production') return;
    for (const [name, demoValue] of pairs) {
      if (cfg[name] === demoValue) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'the demo default is refused in production; set a secret' });
      }
    }
  };
}

/**
 * How long a client may take to send a whole request, headers and body (slow-body and slowloris
 * clients); slower ones get a 408 in the API's own error format and the connection is closed.
 */
export const requestReceiveTimeoutSchema = intSchema(30_000, 1000);

/**
 * The HTTP server options that enforce a receive deadline of `ms`. Node looks for overdue requests only
 * every `connectionsCheckingInterval` (30 s by default), so on its own a 30 s deadline could take a
 * minute to bite; checking every tenth of the deadline keeps it within 10 %.
 */
export function receiveDeadlineServerOptions(ms: number): { requestTimeout: number; http: { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number } } {
  return { requestTimeout: ms, http: { requestTimeout: ms, headersTimeout: ms, connectionsCheckingInterval: Math.max(100, Math.round(ms / 10)) } };
}

export const baseEnvSchema = z.object({
  NODE_ENV: nodeEnvSchema,
  LOG_LEVEL: logLevelSchema,
});

/** Namespace for BullMQ keys and pub/sub channels, so several environments (or test suites) can share one Redis. */
/** `host:port[,host:port…]` (Redis Sentinel or Cluster seed nodes). */
const redisNodeListSchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^\s*[A-Za-z0-9._-]+:\d{1,5}\s*(,\s*[A-Za-z0-9._-]+:\d{1,5}\s*)*$/, 'host:port[,host:port…]')
    .optional(),
);
const optionalSecretSchema = z.preprocess(emptyToUndefined, z.string().min(1).optional());

/**
 * How the apps reach Redis besides a single `REDIS_URL` (see @sluice/redis): Sentinel
 * (`REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`) or Cluster (`REDIS_CLUSTER_NODES`). With either set,
 * `REDIS_URL` is ignored and credentials/TLS for the data nodes come from REDIS_USERNAME,
 * REDIS_PASSWORD and REDIS_TLS.
 */
export const redisTopologyEnvShape = {
  REDIS_SENTINELS: redisNodeListSchema,
  REDIS_SENTINEL_NAME: z.preprocess(emptyToUndefined, z.string().min(1).default('mymaster')),
  REDIS_SENTINEL_USERNAME: optionalSecretSchema,
  REDIS_SENTINEL_PASSWORD: optionalSecretSchema,
  REDIS_CLUSTER_NODES: redisNodeListSchema,
  REDIS_USERNAME: optionalSecretSchema,
  REDIS_PASSWORD: optionalSecretSchema,
  REDIS_TLS: booleanSchema(false),
};
export type RedisTopologyEnv = { [K in keyof typeof redisTopologyEnvShape]: z.output<(typeof redisTopologyEnvShape)[K]> };

export const queuePrefixSchema = z.preprocess(
  emptyToUndefined,
  z.string().regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'lowercase letters, digits, - and _ only').default('sluice'),
);
