import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderDialect } from '../http/provider-call';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Google's error envelope: `{"error":{"code":400,"message":...,"status":"INVALID_ARGUMENT"}}`. */
export function sendGeminiError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const name = STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
  return reply.code(status).header('content-type', 'application/json').send({ error: { code: status, message, status: name } });
}

export const geminiDialect: ProviderDialect = { sendError: sendGeminiError };

const UNREGISTERED_CALLER =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";

/** Like generativelanguage.googleapis.com: the key comes as `x-goog-api-key` or `?key=`; without one it is a 403. */
export async function requireGoogleApiKey(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = request.query as Record<string, unknown>;
  const key = request.headers['x-goog-api-key'] || (typeof query.key === 'string' ? query.key : '');
  if (!key) await sendGeminiError(reply, 403, UNREGISTERED_CALLER);
}
