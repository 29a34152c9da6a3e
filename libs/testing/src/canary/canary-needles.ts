import { createHash, createHmac, randomBytes } from 'node:crypto';

/** One way a secret could show up in a sink: the secret itself, a fragment, an encoding or a hash. */
export interface Needle {
  /** Which secret (e.g. `provider-api-key`). */
  secret: string;
  /** How it is encoded (e.g. `plain`, `sha256-hex`, `hmac-pepper-hex`). */
  form: string;
  value: string;
}

/** A distinctive, high-entropy value nobody else would ever write: `<prefix>CANARY<label>…`. */
export function makeCanary(label: string, prefix = ''): string {
  return `${prefix}CANARY${label.replace(/[^A-Za-z0-9]/g, '')}${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

const digestForms = (name: string, digest: Buffer): Array<[string, string]> => [
  [`${name}-hex`, digest.toString('hex')],
  [`${name}-base64`, digest.toString('base64')],
  [`${name}-base64url`, digest.toString('base64url')],
];

/**
 * Every form in which `value` must not appear: plain, its last 24 characters (a leak that trims a
 * prefix still shows the tail; the first characters are a key's public display prefix), base64,
 * base64url, hex, percent-encoded, and its SHA-256 and HMAC-SHA-256 (with each given pepper) in
 * hex, base64 and base64url.
 */
export function needlesFor(secret: string, value: string, peppers: readonly string[] = []): Needle[] {
  const plain = Buffer.from(value, 'utf8');
  const forms: Array<[string, string]> = [
    ['plain', value],
    ['tail', value.slice(-24)],
    ['base64', plain.toString('base64').replace(/=+$/, '')],
    ['base64url', plain.toString('base64url')],
    ['hex', plain.toString('hex')],
    ['percent-encoded', encodeURIComponent(value)],
    ...digestForms('sha256', createHash('sha256').update(plain).digest()),
    ...peppers.flatMap((pepper, i) => digestForms(`hmac-pepper${i || ''}`, createHmac('sha256', pepper).update(plain).digest())),
  ];
  const seen = new Set<string>();
  return forms.filter(([, v]) => v.length >= 16 && !seen.has(v) && seen.add(v)).map(([form, v]) => ({ secret, form, value: v }));
}
