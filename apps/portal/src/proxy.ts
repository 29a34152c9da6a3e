import { NextResponse, type NextRequest } from 'next/server';
import { portalConfig } from './server/portal-config';
import { contentSecurityPolicy, HSTS_VALUE } from './server/security-headers';

/**
 * Sets a Content-Security-Policy with a fresh nonce on every page request. Next reads the nonce from
 * the request's CSP header and puts it on its own scripts; the root layout puts it on the theme script.
 */
export function proxy(request: NextRequest): NextResponse {
  const { PORTAL_TLS } = portalConfig();
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === 'development', tls: PORTAL_TLS });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);

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
