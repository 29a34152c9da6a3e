import { isPostgresStorable, postgresStorable } from '@sluice/contracts';

/**
 * JSON for a jsonb column: U+0000 and lone surrogates (which a model's answer can contain) become U+FFFD,
 * because jsonb refuses them and the write would fail on every retry.
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && !isPostgresStorable(v) ? postgresStorable(v) : v));
}
