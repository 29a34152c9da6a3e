import type { z } from 'zod';
import { openAiChatRequestSchema, type OpenAiChatRequest } from '@sluice/contracts';
import { GatewayError } from '../errors/gateway-error';

/** No API we serve nests deeper; anything deeper is refused before code walks it (stack, CPU). */
export const MAX_BODY_DEPTH = 64;

/**
 * Fields some SDKs and gateways honour to redirect a call (and its credentials) to another upstream.
 * The upstream is chosen by routing here, never by the caller.
 */
export const UPSTREAM_OVERRIDE_FIELDS = ['api_base', 'base_url', 'api_key', 'azure_endpoint', 'custom_host'] as const;

function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Validates a request body with `schema`; the first problem becomes an OpenAI-style 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw GatewayError.invalidRequest('The request body must be a JSON object.');
  }
  if (nestedDeeperThan(body, MAX_BODY_DEPTH)) {
    throw GatewayError.invalidRequest(`The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`, null, 'invalid_value');
  }
  for (const field of UPSTREAM_OVERRIDE_FIELDS) {
    if (Object.hasOwn(body, field)) {
      throw GatewayError.invalidRequest(`'${field}' cannot be set by clients: the gateway's routing chooses the upstream and its credentials.`, field, 'unsupported_parameter');
    }
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
