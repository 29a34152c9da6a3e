import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { describeIssue } from '../http/validation';
import { sendOpenAiError } from './openai-errors';

/** Parses a request body; on failure sends OpenAI's 400 and returns undefined. */
export function parseOpenAiBody<S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): z.output<S> | undefined {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problem = describeIssue(result.error);
  void sendOpenAiError(reply, 400, problem.message, problem.param);
  return undefined;
}
