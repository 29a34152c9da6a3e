import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendOpenAiError } from './openai-errors';

const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";

/** Like api.openai.com: any non-empty Bearer token passes; anything else is a 401 in OpenAI's format. */
export async function requireBearerToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S.*)$/i.exec(header);
  if (!match) await sendOpenAiError(reply, 401, MISSING_KEY);
}
