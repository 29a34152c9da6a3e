import type { z } from 'zod';

export interface ValidationProblem {
  message: string;
  /** Dotted path of the offending field, or null for the body as a whole. */
  param: string | null;
}

/** Turns the first zod issue into a message worded like the providers' own 400s. */
export function describeIssue(error: z.ZodError): ValidationProblem {
  const issue = error.issues[0];
  if (!issue) return { message: 'Invalid request body.', param: null };
  const param = issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message) && param) {
    return { message: `Missing required parameter: '${param}'.`, param };
  }
  if (!param) return { message: `Invalid request body: ${issue.message}.`, param: null };
  return { message: `Invalid value for '${param}': ${issue.message}.`, param };
}
