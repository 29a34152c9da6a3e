import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { meSchema, type Me } from '../api/me-schema';
import { SESSION_COOKIE_NAME } from '../session/sign-in-route';
import { portalConfig } from './portal-config';

/** Thrown when the admin API cannot say who is signed in; the error page asks to try again. */
export class SessionUnavailableError extends Error {
  override name = 'SessionUnavailableError';
}

/**
 * Who is signed in, asked of the admin API with the browser's session cookie; null when nobody is.
 * Cached per request, so the layout and the page share one call.
 */
export const loadSession = cache(async (): Promise<Me | null> => {
  const session = (await cookies()).get(SESSION_COOKIE_NAME)?.value;
  if (!session) return null;
  const requestId = (await headers()).get('x-request-id') ?? crypto.randomUUID();
  const base = portalConfig().ADMIN_API_URL.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/api/v1/auth/me`, {
      headers: { accept: 'application/json', cookie: `${SESSION_COOKIE_NAME}=${session}`, 'x-request-id': requestId },
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    console.error(`admin API request failed [${requestId}] GET /api/v1/auth/me: ${err instanceof Error ? err.message : String(err)}`);
    throw new SessionUnavailableError('The portal could not reach the admin API to check your session.');
  }
  if (response.status === 401) return null;
  if (!response.ok) throw new SessionUnavailableError(`The admin API could not check your session (HTTP ${response.status}).`);
  const me = meSchema.safeParse(await response.json().catch(() => null));
  if (!me.success) throw new SessionUnavailableError('The admin API answered /auth/me in an unexpected format.');
  return me.data;
});
