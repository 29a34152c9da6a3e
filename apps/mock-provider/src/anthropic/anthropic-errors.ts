import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderDialect } from '../http/provider-call';

function errorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** Anthropic's error envelope: `{"type":"error","error":{"type":...,"message":...}}`. */
export function sendAnthropicError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send({ type: 'error', error: { type: errorType(status), message }, request_id: reply.request.id });
}

export const anthropicDialect: ProviderDialect = { sendError: sendAnthropicError };

/**
 * Like api.anthropic.com: a credential and `anthropic-version` are both required. The credential is
 * `x-api-key` or, as newer @anthropic-ai/sdk releases send it, `Authorization: Bearer <key>`; any non-empty value passes.
 */
export async function requireAnthropicHeaders(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('request-id', request.id);
  const bearer = /^Bearer\s+\S/i.test(request.headers.authorization ?? '');
  if (!request.headers['x-api-key'] && !bearer) {
    await sendAnthropicError(reply, 401, 'x-api-key header is required');
    return;
  }
  if (!request.headers['anthropic-version']) {
    await sendAnthropicError(reply, 400, 'anthropic-version: header is required');
  }
}
