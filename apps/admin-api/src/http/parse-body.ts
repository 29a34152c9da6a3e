import type { z } from 'zod';
import { Problem } from '../errors/problem';

/** Paths of strings (and object keys) containing U+0000, which Postgres cannot store in text or jsonb. */
function nulBytePaths(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path.join('.') || '(root)');
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulBytePaths(item, [...path, String(i)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push([...path, key].join('.'));
      nulBytePaths(item, [...path, key], found);
    }
  }
  return found;
}

/** Validates a request body or query with a zod schema; a mismatch is a 400 problem listing each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const nul = nulBytePaths(value);
  if (nul.length > 0) {
    throw new Problem(400, 'validation-failed', 'The request does not match the expected shape.', nul.slice(0, 20).map((path) => ({ path, message: 'must not contain NUL (U+0000) characters' })));
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new Problem(
    400,
    'validation-failed',
    'The request does not match the expected shape.',
    result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
  );
}
