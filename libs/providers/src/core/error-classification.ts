import type { ClassifiedError, ProviderErrorKind, ResponseHeaders } from './provider-adapter';

const CONTEXT_WINDOW =
  /context[_ ]length|context window|maximum context|prompt is too long|input is too long|too many (input )?tokens|exceeds? the (maximum|max)[\w ]*tokens|input token count[\w ]*exceeds|string_above_max_length|reduce the length/i;
const CONTENT_POLICY = /content[_ ]?(policy|filter|management)|responsibleaipolicyviolation|safety (system|settings)|flagged|prohibited_content|guardrail/i;

export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** `retry-after-ms`, then `retry-after` as seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(headers: ResponseHeaders, now: number = Date.now()): number | undefined {
  const ms = Number(headerValue(headers, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headerValue(headers, 'retry-after-ms') !== undefined) return Math.round(ms);
  const raw = headerValue(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Removes URLs and things that look like credentials, and bounds the length. */
export function safeMessage(text: string): string {
  return text
    .replace(/https?:\/\/\S+/gi, '[url]')
    .replace(/\b(sk-[\w-]{8,}|sk-ant-[\w-]{8,}|AIza[\w-]{20,}|(AKIA|ASIA)[A-Z0-9]{12,})\b/g, '[redacted]')
    .replace(/\b(api[_-]?key|key|token)=[^\s&"']+/gi, '$1=[redacted]')
    .slice(0, 500);
}

export interface UpstreamErrorDetails {
  /** The provider's own message, if its error body had one. */
  message?: string;
  /** The provider's error code or type (e.g. `context_length_exceeded`, `ThrottlingException`). */
  code?: string;
}

function kindOf(status: number, details: UpstreamErrorDetails): ProviderErrorKind {
  const text = `${details.code ?? ''} ${details.message ?? ''}`;
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return CONTENT_POLICY.test(text) ? 'content_policy' : 'auth';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'server';
  if (CONTEXT_WINDOW.test(text)) return 'context_window_exceeded';
  if (CONTENT_POLICY.test(text)) return 'content_policy';
  return 'invalid_request';
}

const GENERIC: Record<ProviderErrorKind, string> = {
  rate_limit: 'is rate limiting requests',
  context_window_exceeded: 'rejected the request: the input is longer than the model context window',
  content_policy: 'refused the request under its content policy',
  auth: 'rejected the gateway credentials',
  invalid_request: 'rejected the request',
  not_found: 'does not know the requested model or deployment',
  server: 'failed to answer',
  timeout: 'did not answer in time',
};

/**
 * The shared classification: status first, then the provider's message/code for 4xx subtypes.
 * Client-caused errors keep the (sanitised) provider message; others get a generic text.
 */
export function classifyUpstreamError(
  providerLabel: string,
  status: number,
  details: UpstreamErrorDetails,
  headers: ResponseHeaders,
  kindOverride?: ProviderErrorKind,
): ClassifiedError {
  const kind = kindOverride ?? kindOf(status, details);
  const clientCaused = kind === 'invalid_request' || kind === 'context_window_exceeded' || kind === 'content_policy' || kind === 'not_found';
  const detail = clientCaused && details.message ? `: ${safeMessage(details.message)}` : '';
  const result: ClassifiedError = { kind, status, message: `Provider ${providerLabel} ${GENERIC[kind]}${detail}` };
  const retryAfterMs = parseRetryAfter(headers);
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

/** `{"error":{"message","type","code"}}` (OpenAI, Azure, Anthropic, Gemini all nest under `error`). */
export function nestedErrorDetails(bodyText: string): UpstreamErrorDetails {
  try {
    const body = JSON.parse(bodyText) as { error?: unknown; message?: unknown };
    const error = body.error;
    if (typeof error === 'string') return { message: error };
    if (error && typeof error === 'object') {
      const e = error as { message?: unknown; code?: unknown; type?: unknown; status?: unknown };
      const code = [e.code, e.type, e.status].find((v) => typeof v === 'string') as string | undefined;
      return { message: typeof e.message === 'string' ? e.message : undefined, code };
    }
    return { message: typeof body.message === 'string' ? body.message : undefined };
  } catch {
    return {};
  }
}
