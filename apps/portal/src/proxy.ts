import { NextResponse, type NextRequest } from 'next/server';
import { portalConfig } from './server/portal-config';
import { contentSecurityPolicy, HSTS_VALUE } from './server/security-headers';
import { SESSION_COOKIE_NAME, SIGN_IN_PAGE } from './session/sign-in-route';
import { PATH_HEADER } from './shell/path-header';

/**
 * Sets a Content-Security-Policy with a fresh nonce on every page request. Next reads the nonce from
 * the request's CSP header and puts it on its own scripts; the root layout puts it on the theme script.
 * A visit without a session cookie goes straight to sign-in (an expired session is caught by the
 * signed-in layout, which asks the admin API).
 */
export function proxy(request: NextRequest): NextResponse {
  const { PORTAL_TLS } = portalConfig();
  const { pathname, search } = request.nextUrl;
  if (pathname !== SIGN_IN_PAGE && !request.cookies.has(SESSION_COOKIE_NAME)) {
    const signIn = new URL(SIGN_IN_PAGE, request.url);
    signIn.searchParams.set('returnTo', `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === 'development', tls: PORTAL_TLS });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set(PATH_HEADER, `${pathname}${search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  if (PORTAL_TLS) response.headers.set('strict-transport-security', HSTS_VALUE);
  return response;
}

export const config = {
  // Pages only: /api and /health answer JSON, and static assets need no per-request work.
  matcher: [
    {
      source: '/((?!api/|health/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
