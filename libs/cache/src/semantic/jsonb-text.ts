/**
 * JSON for a jsonb column: U+0000 (which a model's answer can contain) becomes U+FFFD, because jsonb
 * refuses it and the write would fail on every retry.
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD') : v));
}
