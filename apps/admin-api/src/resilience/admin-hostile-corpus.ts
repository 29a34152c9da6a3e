import { HOSTILE_STRINGS, MALFORMED_BODIES, WRONG_TYPES } from '@sluice/testing';
import type { z } from 'zod';
import type { DeclaredRoute } from '../openapi/declared-routes';

export interface AdminHostileRequest {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: string | Buffer;
  contentType?: string;
}

/** Routes that would end the caller's own session; the suite signs in again after them instead. */
const SESSION_ENDING = /\/(logout|revoke-all)$/;

function fieldsOf(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Percent-encodes the UTF-8 bytes of `value` (lone surrogates become U+FFFD, as on the wire). */
function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** A path with every `:param` filled by `value` (URL-encoded). */
function fillPath(path: string, value: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, percentEncode(value));
}

const RANDOM_ID = '9b2f4c1e-7d3a-4e5b-8c6d-0f1a2b3c4d5e';
const PATH_VALUES = [...HOSTILE_STRINGS.filter((s) => s.length < 2000), 'not-a-uuid', '00000000-0000-0000-0000-000000000000', '-1', '1e309'];

/**
 * Malformed and adversarial requests for every declared admin API route, generated from the routes'
 * own contracts: hostile path parameters, query values of the wrong type and shape, broken JSON,
 * wrong types and hostile strings in each body field, prototype-pollution and mass-assignment keys.
 */
export function adminHostileCorpus(routes: readonly DeclaredRoute[]): AdminHostileRequest[] {
  const corpus: AdminHostileRequest[] = [];
  const queryValues = [...HOSTILE_STRINGS.filter((s) => s.length < 2000), '-1', '0', '1e309', 'NaN', 'true', '[]', '{}'];
  const bodyValues = [...WRONG_TYPES, ...HOSTILE_STRINGS];
  // Every value is used, rotating across routes and fields, so the corpus stays a few thousand
  // requests while each route still sees values of every kind.
  let turn = 0;
  const pick = <T>(values: readonly T[], count: number): T[] => Array.from({ length: count }, () => values[turn++ % values.length] as T);
  for (const route of routes) {
    if (SESSION_ENDING.test(route.path) || route.path.startsWith('/api/docs') || route.path.startsWith('/health')) continue;
    const method = route.method as AdminHostileRequest['method'];
    const noBody = method === 'GET' || method === 'DELETE';
    const base = fillPath(route.path, RANDOM_ID);
    const label = `${route.method} ${route.path}`;
    if (route.path.includes(':')) {
      for (const value of pick(PATH_VALUES, 10)) corpus.push({ name: `${label} path = ${JSON.stringify(value).slice(0, 40)}`, method, url: fillPath(route.path, value), body: noBody ? undefined : '{}' });
    }
    const queryFields = [...fieldsOf(route.api?.query), 'cursor', 'limit', '__proto__[polluted]', 'constructor[prototype][polluted]'];
    for (const field of new Set(queryFields)) {
      for (const value of pick(queryValues, 3)) {
        corpus.push({ name: `${label} ?${field}=${JSON.stringify(value).slice(0, 30)}`, method, url: `${base}?${percentEncode(field)}=${percentEncode(value)}`, body: noBody ? undefined : '{}' });
      }
      corpus.push({ name: `${label} ?${field} repeated`, method, url: `${base}?${percentEncode(field)}=1&${percentEncode(field)}=2`, body: noBody ? undefined : '{}' });
    }
    if (method === 'GET') continue;
    pick(MALFORMED_BODIES.map((body, i) => [body, i] as const), 8).forEach(([body, i]) => corpus.push({ name: `${label} malformed body #${i}`, method, url: base, body }));
    corpus.push(
      { name: `${label} form-encoded`, method, url: base, body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
      { name: `${label} xml`, method, url: base, body: '<a>1</a>', contentType: 'application/xml' },
    );
    const fields = [...fieldsOf(route.api?.body), 'orgId', 'role', 'teamId', 'isAdmin'];
    for (const field of new Set(fields)) {
      for (const value of pick(bodyValues, 4)) {
        corpus.push({ name: `${label} body.${field} = ${JSON.stringify(value)?.slice(0, 30)}`, method, url: base, body: JSON.stringify({ [field]: value }) });
      }
    }
    corpus.push(
      { name: `${label} __proto__ body`, method, url: base, body: '{"__proto__":{"role":"owner","isAdmin":true}}' },
      { name: `${label} constructor.prototype body`, method, url: base, body: '{"constructor":{"prototype":{"role":"owner"}}}' },
      { name: `${label} 5,000-deep body`, method, url: base, body: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) },
    );
  }
  // Body-size limits are one parser setting: a few oversized bodies are enough.
  for (const route of routes.filter((r) => r.method === 'POST' && !SESSION_ENDING.test(r.path)).slice(0, 5)) {
    corpus.push({ name: `${route.method} ${route.path} 6 MB body`, method: 'POST', url: fillPath(route.path, RANDOM_ID), body: JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) }) });
  }
  return corpus;
}
