import type { ProviderAdapter, ProviderTarget } from '../core/provider-adapter';
import { joinUrl } from '../core/define-adapter';
import { withoutAnthropicExtensions } from '../openai-base/anthropic-extensions';
import { createOpenAiWireAdapter, OPENAI_WIRE_SUPPORTS } from '../openai-base/openai-wire';

export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

function deploymentUrl(target: ProviderTarget, operation: 'chat/completions' | 'embeddings'): string {
  const { provider, deployment } = target;
  const name = encodeURIComponent(provider.options.deployment ?? deployment.upstreamModel);
  const version = encodeURIComponent(provider.options.apiVersion ?? AZURE_DEFAULT_API_VERSION);
  return `${joinUrl(provider.baseUrl, `/openai/deployments/${name}/${operation}`)}?api-version=${version}`;
}

/**
 * Azure OpenAI. `baseUrl` = the resource endpoint (`https://my-resource.openai.azure.com`).
 * The deployment name is the deployment's `upstreamModel` (or option `deployment`).
 * Options: `apiVersion` (default 2024-10-21), `deployment`, `authMode` = `api-key` (default, `api-key` header)
 * or `bearer` (`apiKey` holds an Entra ID access token).
 */
export const azureOpenAiAdapter: ProviderAdapter = createOpenAiWireAdapter({
  type: 'azure-openai',
  supports: OPENAI_WIRE_SUPPORTS,
  chatUrl: (target) => deploymentUrl(target, 'chat/completions'),
  embeddingsUrl: (target) => deploymentUrl(target, 'embeddings'),
  headers: ({ provider }): Record<string, string> => {
    if (!provider.apiKey) return {};
    return provider.options.authMode === 'bearer' ? { authorization: `Bearer ${provider.apiKey}` } : { 'api-key': provider.apiKey };
  },
  // The deployment in the URL selects the model; Azure ignores `model` in the body. Its GA API
  // predates service_tier, prompt_cache_key and safety_identifier (an unknown argument is a 400);
  // safety_identifier's end user goes in `user`, Azure's field for abuse monitoring.
  adjustBody: (body) => {
    const { model: _model, service_tier: _tier, prompt_cache_key: _cacheKey, safety_identifier: safetyIdentifier, ...rest } = withoutAnthropicExtensions(body);
    if (typeof safetyIdentifier === 'string' && rest.user == null) rest.user = safetyIdentifier;
    return rest;
  },
});
