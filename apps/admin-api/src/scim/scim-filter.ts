import { ScimError } from './scim-error';

export interface ScimEqFilter {
  attribute: string;
  value: string;
}

/**
 * The filters SCIM clients send when provisioning (Okta, Entra ID): `<attr> eq "<value>"` on one
 * attribute. Anything else is a 400 `invalidFilter` (RFC 7644 §3.4.2.2), not a silent full list.
 */
export function parseScimFilter(filter: string | undefined, allowed: readonly string[]): ScimEqFilter | null {
  if (filter === undefined || filter.trim() === '') return null;
  const match = /^\s*([A-Za-z][A-Za-z0-9._:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!match) throw new ScimError(400, 'Only filters of the form attribute eq "value" are supported.', 'invalidFilter');
  const attribute = allowed.find((a) => a.toLowerCase() === match[1].toLowerCase());
  if (!attribute) throw new ScimError(400, `Filtering on ${match[1]} is not supported (supported: ${allowed.join(', ')}).`, 'invalidFilter');
  return { attribute, value: match[2].replace(/\\(.)/g, '$1') };
}

/** `startIndex` (1-based) and `count` of a SCIM list request (RFC 7644 §3.4.2.4). */
export function parsePaging(query: Record<string, unknown>): { startIndex: number; count: number } {
  const int = (v: unknown, fallback: number) => {
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : fallback;
    return Number.isSafeInteger(n) ? n : fallback;
  };
  return { startIndex: Math.max(1, int(query.startIndex, 1)), count: Math.min(200, Math.max(0, int(query.count, 100))) };
}
