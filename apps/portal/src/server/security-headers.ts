// Security headers. Kept free of Next and env imports so next.config.ts and the proxy can share it.

export interface HttpHeader {
  key: string;
  value: string;
}

/** Headers that never vary per request or deployment. */
export function staticSecurityHeaders(): HttpHeader[] {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // Legacy twin of CSP frame-ancestors 'none' for older browsers.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ];
}

export interface CspOptions {
  /** Per-request nonce; Next applies it to its own inline scripts. */
  nonce: string;
  /** `next dev` needs eval for fast refresh and a websocket for HMR. */
  development: boolean;
  /** When the portal is served over TLS, upgrade any stray http: subresource. */
  tls: boolean;
}

export function contentSecurityPolicy({ nonce, development, tls }: CspOptions): string {
  const directives: Array<[string, ...string[]]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // React and recharts set style attributes, which nonces cannot cover.
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(development ? ['ws:'] : [])],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  if (tls) directives.push(['upgrade-insecure-requests']);
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/** Two years, the HSTS preload list's minimum. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';
