import type { GatewayError } from './gateway-error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

/** The same error in Anthropic's format, for clients of `/v1/messages`. */
export function toAnthropicError(error: GatewayError): AnthropicErrorBody {
  return { type: 'error', error: { type: TYPE_BY_STATUS[error.status] ?? (error.status < 500 ? 'invalid_request_error' : 'api_error'), message: error.message } };
}

/** Routes whose clients speak Anthropic's API. */
export function isAnthropicRoute(url: string): boolean {
  return url === '/v1/messages' || url.startsWith('/v1/messages/') || url.startsWith('/v1/messages?');
}

/** Anthropic's SDK sends `anthropic-version` on every call; OpenAI's clients never do (for routes both share, like /v1/models). */
export function isAnthropicClient(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['anthropic-version'] !== undefined;
}
