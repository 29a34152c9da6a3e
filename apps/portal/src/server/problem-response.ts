import type { ProblemDetails } from '@sluice/contracts';

/** An RFC 9457 problem+json response, typed like the admin API's (`urn:sluice:problem:<slug>`). */
export function problemResponse(status: number, slug: string, title: string, detail: string, headers?: HeadersInit): Response {
  const body: ProblemDetails = { type: `urn:sluice:problem:${slug}`, title, status, detail };
  const responseHeaders = new Headers(headers);
  responseHeaders.set('content-type', 'application/problem+json');
  responseHeaders.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers: responseHeaders });
}
