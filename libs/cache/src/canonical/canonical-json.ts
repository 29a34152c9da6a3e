import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and `undefined`/`null` object members dropped, so two
 * requests that differ only in field order or in explicit nulls serialise identically.
 * Array order is kept (it is meaningful in messages, stop sequences and tools).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortDeep(item)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined || member === null) continue;
      out[key] = sortDeep(member);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
