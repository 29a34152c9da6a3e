import type { JsonValue } from '../record/canonical-json';

export const REDACTED = '[REDACTED]';

/**
 * Field names whose values never enter the audit trail. Names are compared lower-cased with `_`, `-`
 * and `.` removed, so `client_secret`, `clientSecret` and `Client-Secret` are the same name.
 * Token *counts* (`maxTokens`, `input_tokens`, `tpm`) are kept: only names ending in `token` match.
 */
const SENSITIVE_NAME_PARTS = ['secret', 'password', 'passwd', 'passphrase', 'credential', 'privatekey', 'pepper', 'cookie', 'authorization', 'signature'];
const SENSITIVE_NAME_ENDINGS = ['token', 'apikey', 'keyhash', 'tokenhash', 'hash', 'secretkey', 'accesskey', 'signingkey', 'kek', 'otp', 'sessionid', 'ciphertext', 'iv', 'authtag'];

/** Values that are secrets whatever their field is called. */
const SENSITIVE_VALUES = [
  /^sk-[A-Za-z0-9_-]{8,}/, // Sluice and OpenAI-style API keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^(Bearer|Basic)\s+\S+/i,
  /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\./, // JWTs
];

const MAX_DEPTH = 12;

export function isSensitiveFieldName(name: string): boolean {
  const n = name.toLowerCase().replace(/[_.-]/g, '');
  return SENSITIVE_NAME_PARTS.some((p) => n.includes(p)) || SENSITIVE_NAME_ENDINGS.some((e) => n.endsWith(e));
}

/**
 * Turns a before/after snapshot (an entity, a DTO) into JSON fit for the audit trail: secrets masked
 * as `"[REDACTED]"` (null stays null, so "was it set" stays visible), `Date`s as ISO strings,
 * binary as `"[binary N bytes]"`, bigint as string, `undefined` and functions dropped, cycles and
 * nesting deeper than 12 levels cut. Never mutates its input.
 */
export function redactForAudit(value: unknown): JsonValue {
  return redact(value, 0, new WeakSet());
}

function redact(value: unknown, depth: number, seen: WeakSet<object>): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return SENSITIVE_VALUES.some((re) => re.test(value)) ? REDACTED : value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      return redactObject(value, depth, seen);
    default:
      return null;
  }
}

function redactObject(value: object, depth: number, seen: WeakSet<object>): JsonValue {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[binary ${value.byteLength} bytes]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
    if (value instanceof Map) return redactEntries([...value.entries()].map(([k, v]) => [String(k), v]), depth, seen);
    if (value instanceof Set) return [...value].map((item) => redact(item, depth + 1, seen));
    return redactEntries(Object.entries(value), depth, seen);
  } finally {
    seen.delete(value);
  }
}

function redactEntries(entries: Array<[string, unknown]>, depth: number, seen: WeakSet<object>): JsonValue {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, member] of entries) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    if (isSensitiveFieldName(key)) out[key] = member === null ? null : REDACTED;
    else out[key] = redact(member, depth + 1, seen);
  }
  return out;
}
