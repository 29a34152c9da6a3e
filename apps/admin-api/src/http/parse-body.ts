import type { z } from 'zod';
import { Problem } from '../errors/problem';

/** Deeper input than any route accepts; refused before anything walks it (stack, CPU). */
const MAX_INPUT_DEPTH = 64;

type InputIssue = { path: string; message: string };

/**
 * Problems no schema should have to meet: nesting deeper than MAX_INPUT_DEPTH, and U+0000 in any
 * string or key (Postgres cannot store it in text or jsonb). Iterative, so hostile depth cannot
 * overflow the stack.
 */
function unsafeInput(value: unknown): InputIssue[] {
  const issues: InputIssue[] = [];
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (stack.length > 0 && issues.length < 20) {
    const { value: node, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof node === 'string') {
      if (node.includes('\u0000')) issues.push({ path: path.join('.') || '(root)', message: 'must not contain NUL (U+0000) characters' });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      issues.push({ path: `${path.slice(0, 3).join('.')}…`, message: `nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    for (const [key, item] of Object.entries(node)) {
      if (key.includes('\u0000')) issues.push({ path: [...path, key].join('.'), message: 'must not contain NUL (U+0000) characters' });
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return issues;
}

/** Validates a request body or query with a zod schema; a mismatch is a 400 problem listing each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const unsafe = unsafeInput(value);
  if (unsafe.length > 0) throw new Problem(400, 'validation-failed', 'The request does not match the expected shape.', unsafe);
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new Problem(
    400,
    'validation-failed',
    'The request does not match the expected shape.',
    result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
  );
}
