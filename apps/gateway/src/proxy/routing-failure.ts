import type { ClassifiedError } from '@sluice/providers';
import { RoutingFailedError } from '@sluice/routing';
import { GatewayError } from '../errors/gateway-error';

/** The classified upstream error a failed attempt carried, if any. */
export function classifiedCause(error: unknown): ClassifiedError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const candidate = (current as { classified?: ClassifiedError }).classified;
    if (candidate) return candidate;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** What the client sees when routing gives up: status and message by the last failure's kind. */
export function gatewayErrorOf(error: RoutingFailedError, modelName: string): GatewayError {
  const classified = classifiedCause(error);
  const retryHeaders: Record<string, string> = error.retryAfterMs !== undefined ? { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) } : {};
  if (error.reason === 'no_deployment') {
    return new GatewayError(503, 'api_error', 'no_healthy_deployment', `No deployment of '${modelName}' is available right now (all are cooling down after failures). Retry shortly.`, null, { 'retry-after': '5' });
  }
  if (error.reason === 'cancelled') return new GatewayError(499, 'api_error', 'client_closed_request', 'The client closed the request.');
  switch (error.kind) {
    case 'rate_limit':
      return new GatewayError(429, 'rate_limit_error', 'upstream_rate_limited', `Every provider serving '${modelName}' is rate limiting requests. Retry later.`, null, retryHeaders);
    case 'timeout':
      return new GatewayError(504, 'timeout_error', 'upstream_timeout', `No provider serving '${modelName}' answered in time.`);
    case 'context_window_exceeded':
      return new GatewayError(400, 'invalid_request_error', 'context_length_exceeded', classified?.message ?? `The request exceeds the context window of '${modelName}'.`, 'messages');
    case 'content_policy':
      return new GatewayError(400, 'invalid_request_error', 'content_policy_violation', classified?.message ?? 'The provider refused the request under its content policy.');
    case 'invalid_request':
      return new GatewayError(400, 'invalid_request_error', 'upstream_invalid_request', classified?.message ?? 'The provider rejected the request.');
    case 'auth':
      return new GatewayError(502, 'api_error', 'upstream_auth_failed', `The gateway's credentials for the provider serving '${modelName}' were rejected. Contact your administrator.`);
    case 'not_found':
      return new GatewayError(502, 'api_error', 'upstream_model_not_found', `The provider serving '${modelName}' does not know the configured upstream model. Contact your administrator.`);
    default:
      return new GatewayError(502, 'api_error', 'upstream_error', `The providers serving '${modelName}' failed to answer.`);
  }
}
