import type { FastifyReply } from 'fastify';
import type { OpenAiErrorBody } from '@sluice/contracts';
import type { ProviderDialect } from '../http/provider-call';

function errorType(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 403) return { type: 'permission_error', code: null };
  if (status === 404) return { type: 'invalid_request_error', code: 'model_not_found' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}

export function openAiErrorBody(status: number, message: string, param: string | null = null): OpenAiErrorBody {
  const { type, code } = errorType(status);
  return { error: { message, type, param, code } };
}

export function sendOpenAiError(reply: FastifyReply, status: number, message: string, param: string | null = null): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send(openAiErrorBody(status, message, param));
}

export const openAiDialect: ProviderDialect = { sendError: (reply, status, message) => sendOpenAiError(reply, status, message) };
