import type { z } from 'zod';
import { Problem } from '../errors/problem';

/** Validates a request body or query with a zod schema; a mismatch is a 400 problem listing each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new Problem(
    400,
    'validation-failed',
    'The request does not match the expected shape.',
    result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
  );
}
