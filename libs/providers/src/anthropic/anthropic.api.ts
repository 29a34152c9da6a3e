import type { ProviderTarget } from '../core/provider-adapter';
import { joinUrl } from '../core/define-adapter';

export const ANTHROPIC_DEFAULT_VERSION = '2023-06-01';
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** `baseUrl` may be `https://api.anthropic.com` or end in `/v1`. */
export function anthropicMessagesUrl(target: ProviderTarget): string {
  const base = target.provider.baseUrl.replace(/\/+$/, '');
  return joinUrl(base, base.endsWith('/v1') ? '/messages' : '/v1/messages');
}

/** Request headers; `betas` is the `anthropic-beta` list (the provider's own and the client's it forwards). */
export function anthropicHeaders(target: ProviderTarget, stream: boolean, betas: readonly string[] = []): Record<string, string> {
  const { apiKey, options } = target.provider;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': options.anthropicVersion ?? ANTHROPIC_DEFAULT_VERSION,
  };
  if (betas.length) headers['anthropic-beta'] = betas.join(',');
  if (apiKey) {
    if (options.authMode === 'bearer') headers.authorization = `Bearer ${apiKey}`;
    else headers['x-api-key'] = apiKey;
  }
  return headers;
}
