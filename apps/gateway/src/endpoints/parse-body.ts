import type { z } from 'zod';
import { openAiChatRequestSchema, type OpenAiChatRequest } from '@sluice/contracts';
import { GatewayError } from '../errors/gateway-error';

/** Validates a request body with `schema`; the first problem becomes an OpenAI-style 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw GatewayError.invalidRequest('The request body must be a JSON object.');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue.path.map(String).join('.') || null;
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  const message = missing ? `Missing required parameter: '${param}'.` : `Invalid '${param}': ${issue.message}`;
  throw GatewayError.invalidRequest(message, param, missing ? 'missing_required_parameter' : 'invalid_value');
}

export function parseChatRequest(body: unknown): OpenAiChatRequest {
  return parseBody(openAiChatRequestSchema, body);
}
