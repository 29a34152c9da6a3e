import type { FastifyRequest } from 'fastify';

/**
 * Login-CSRF and second-layer CSRF defence: when a browser sends `Origin` on a mutation, its host
 * must be the host the request was addressed to (`x-forwarded-host` when the portal forwards it,
 * else `Host`). A cross-site page cannot set `x-forwarded-host` without a CORS preflight, which the
 * admin API never grants. Requests without `Origin` (curl, server-to-server) pass.
 */
export function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  const forwarded = request.headers['x-forwarded-host'];
  const host = (typeof forwarded === 'string' && forwarded ? forwarded.split(',')[0] : request.headers.host)?.trim().toLowerCase();
  try {
    return host !== undefined && new URL(origin).host.toLowerCase() === host;
  } catch {
    return false;
  }
}
