import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** What the audit trail records about the caller's request. */
export function requestContextOf(request: FastifyRequest): RequestContext {
  const ip = request.ip && isIP(request.ip) ? request.ip : null;
  const ua = request.headers['user-agent'];
  const rid = request.headers['x-request-id'];
  return {
    ip,
    userAgent: typeof ua === 'string' ? ua : null,
    requestId: typeof rid === 'string' && rid.length > 0 && rid.length <= 200 ? rid : String(request.id),
  };
}
