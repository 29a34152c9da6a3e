import { chatCompletionRequestSchema, type ChatCompletionRequest } from '@sluice/contracts';
import { GatewayError } from '../errors/gateway-error';

/** Validates a chat completion body; the first problem becomes an OpenAI-style 400 naming the field. */
export function parseChatRequest(body: unknown): ChatCompletionRequest {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw GatewayError.invalidRequest('The request body must be a JSON object.');
  }
  const result = chatCompletionRequestSchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue.path.map(String).join('.') || null;
  const message = issue.code === 'invalid_type' && issue.input === undefined ? `Missing required parameter: '${param}'.` : `Invalid '${param}': ${issue.message}`;
  throw GatewayError.invalidRequest(message, param, issue.code === 'invalid_type' && issue.input === undefined ? 'missing_required_parameter' : 'invalid_value');
}
