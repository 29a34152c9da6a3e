import { GatewayError } from '../errors/gateway-error';

function upstreamMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    return typeof message === 'string' ? message.slice(0, 500) : null;
  } catch {
    return null;
  }
}

/**
 * Maps an upstream error response to the caller's error. Client errors keep the provider's
 * message (it describes the caller's request); everything else is summarised, never forwarded raw.
 */
export function mapUpstreamError(status: number, body: string, retryAfter: string | undefined, providerName: string): GatewayError {
  if (status === 429) {
    const headers: Record<string, string> = retryAfter ? { 'retry-after': retryAfter } : {};
    return new GatewayError(429, 'rate_limit_error', 'upstream_rate_limited', `The provider '${providerName}' is rate limiting requests. Retry later.`, null, headers);
  }
  if (status === 400 || status === 404 || status === 413 || status === 422) {
    const detail = upstreamMessage(body) ?? 'The provider rejected the request.';
    return new GatewayError(400, 'invalid_request_error', 'upstream_invalid_request', `Provider '${providerName}' rejected the request: ${detail}`);
  }
  if (status === 401 || status === 403) {
    return new GatewayError(502, 'api_error', 'upstream_auth_failed', `The gateway's credentials for provider '${providerName}' were rejected. Contact your administrator.`);
  }
  return new GatewayError(502, 'api_error', 'upstream_error', `Provider '${providerName}' returned an error (HTTP ${status}).`);
}

export function upstreamUnreachable(providerName: string, timedOut: boolean): GatewayError {
  return timedOut
    ? new GatewayError(504, 'timeout_error', 'upstream_timeout', `Provider '${providerName}' did not answer in time.`)
    : new GatewayError(502, 'api_error', 'upstream_unreachable', `Provider '${providerName}' could not be reached.`);
}
