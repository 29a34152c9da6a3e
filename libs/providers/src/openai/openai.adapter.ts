import type { ProviderAdapter } from '../core/provider-adapter';
import { joinUrl } from '../core/define-adapter';
import { withoutAnthropicExtensions } from '../openai-base/anthropic-extensions';
import { createOpenAiWireAdapter, OPENAI_WIRE_SUPPORTS } from '../openai-base/openai-wire';

/**
 * OpenAI's own API. `baseUrl` like `https://api.openai.com/v1`.
 * Options: `organization` → `openai-organization`, `project` → `openai-project`.
 */
export const openAiAdapter: ProviderAdapter = createOpenAiWireAdapter({
  type: 'openai',
  supports: OPENAI_WIRE_SUPPORTS,
  chatUrl: ({ provider }) => joinUrl(provider.baseUrl, '/chat/completions'),
  embeddingsUrl: ({ provider }) => joinUrl(provider.baseUrl, '/embeddings'),
  headers: ({ provider }) => {
    const headers: Record<string, string> = {};
    if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
    if (provider.options.organization) headers['openai-organization'] = provider.options.organization;
    if (provider.options.project) headers['openai-project'] = provider.options.project;
    return headers;
  },
  adjustBody: withoutAnthropicExtensions,
});
