import type { ProviderTarget } from '../core/provider-adapter';
import { joinUrl } from '../core/define-adapter';

/**
 * `baseUrl` = `https://generativelanguage.googleapis.com` (or with `/v1beta`/`/v1` already on it).
 * Option `apiVersion` (default `v1beta`) is used when the base URL has none.
 */
export function geminiModelUrl(target: ProviderTarget, method: string, query = ''): string {
  const base = target.provider.baseUrl.replace(/\/+$/, '');
  const versioned = /\/v1(beta\d*|alpha)?$/.test(base) ? base : joinUrl(base, `/${target.provider.options.apiVersion ?? 'v1beta'}`);
  const model = target.deployment.upstreamModel.replace(/^models\//, '');
  return `${versioned}/models/${encodeURIComponent(model)}:${method}${query}`;
}

export function geminiHeaders(target: ProviderTarget, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' };
  if (target.provider.apiKey) headers['x-goog-api-key'] = target.provider.apiKey;
  return headers;
}
