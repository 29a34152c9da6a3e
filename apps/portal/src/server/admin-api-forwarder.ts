import { problemResponse } from './problem-response';

/** Request headers the admin API needs; everything else the browser sends stays at the portal. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'cookie',
  'if-match',
  'if-none-match',
  'user-agent',
  // The admin API's CSRF token for cookie-authenticated changes, and the org a multi-org user acts in.
  'x-csrf-token',
  'x-forwarded-for',
  'x-sluice-org',
] as const;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection and must not be relayed.
 * fetch() has already decoded the body, so its original encoding and length no longer apply.
 */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-encoding',
  'content-length',
]);

const REQUEST_ID = 'x-request-id';

/**
 * Admin API routes only the portal's own server calls: the playground's session key is used by the
 * portal server to call the gateway and must never reach the browser, so the relay refuses it.
 */
const SERVER_ONLY_PATHS = new Set(['/api/v1/playground/session-key']);

/** Compared loosely (decoded, case-folded, repeated and trailing slashes removed) so no spelling slips past. */
export function isServerOnlyPath(pathname: string): boolean {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Undecodable: the admin API refuses it anyway; compare as sent.
  }
  const normalized = decoded.toLowerCase().replace(/\/+/g, '/').replace(/\/+$/, '');
  return SERVER_ONLY_PATHS.has(normalized);
}

export interface ForwarderOptions {
  /** Admin API origin, optionally with a path prefix. */
  adminApiUrl: string;
  /** How long to wait for the admin API's response headers; a streaming body may take longer. */
  headersTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

/** Relays a portal `/api/*` request to the admin API and streams the answer back. */
export async function forwardToAdminApi(request: Request, options: ForwarderOptions): Promise<Response> {
  const { adminApiUrl, headersTimeoutMs = 30_000, fetchImpl = fetch } = options;
  const incoming = new URL(request.url);
  const requestId = request.headers.get(REQUEST_ID) ?? crypto.randomUUID();
  if (isServerOnlyPath(incoming.pathname)) {
    return problemResponse(404, 'not-found', 'Not Found', 'This admin API route is used by the portal server only; it is not reachable from the browser.', { [REQUEST_ID]: requestId });
  }
  const target = upstreamUrl(adminApiUrl, incoming);
  const headers = upstreamRequestHeaders(request.headers, incoming, requestId);

  const abort = new AbortController();
  const onClientGone = () => abort.abort(request.signal.reason);
  request.signal.addEventListener('abort', onClientGone, { once: true });
  const headersTimer = setTimeout(() => abort.abort(new Error('admin API response timed out')), headersTimeoutMs);

  let upstream: Response;
  try {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    upstream = await fetchImpl(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      // Node's fetch needs this to send a streamed request body.
      ...(hasBody ? { duplex: 'half' } : {}),
      redirect: 'manual',
      signal: abort.signal,
    } as RequestInit);
  } catch (err) {
    request.signal.removeEventListener('abort', onClientGone);
    // The browser left (a navigation, a closed tab): nothing failed and nobody reads the answer.
    if (request.signal.aborted) return problemResponse(499, 'client-closed-request', 'Client Closed Request', 'The browser cancelled the request.', { [REQUEST_ID]: requestId });
    // The cause names internal hosts and ports: log it for operators, keep it out of the browser.
    console.error(`admin API request failed [${requestId}] ${request.method} ${target.pathname}: ${describeFailure(err)}`);
    return problemResponse(
      502,
      'admin-api-unreachable',
      'Bad Gateway',
      'The portal could not reach the admin API. Check that the admin API is running and that the portal’s ADMIN_API_URL points to it.',
      { [REQUEST_ID]: requestId },
    );
  } finally {
    clearTimeout(headersTimer);
  }

  const responseHeaders = downstreamResponseHeaders(upstream.headers);
  if (!responseHeaders.has(REQUEST_ID)) responseHeaders.set(REQUEST_ID, requestId);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

export function upstreamUrl(adminApiUrl: string, incoming: URL): URL {
  const base = new URL(adminApiUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(`${prefix}${incoming.pathname}${incoming.search}`, base.origin);
}

export function upstreamRequestHeaders(incoming: Headers, url: URL, requestId: string): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set(REQUEST_ID, requestId);
  headers.set('x-forwarded-host', incoming.get('x-forwarded-host') ?? url.host);
  headers.set('x-forwarded-proto', incoming.get('x-forwarded-proto') ?? url.protocol.replace(':', ''));
  return headers;
}

export function downstreamResponseHeaders(upstream: Headers): Headers {
  const connectionListed = (upstream.get('connection') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const headers = new Headers();
  upstream.forEach((value, name) => {
    if (DROPPED_RESPONSE_HEADERS.has(name) || connectionListed.includes(name) || name === 'set-cookie') return;
    headers.append(name, value);
  });
  for (const cookie of upstream.getSetCookie()) headers.append('set-cookie', cookie);
  return headers;
}
