import type { ProviderAdapter, ProviderTarget } from '../core/provider-adapter';
import { joinUrl } from '../core/define-adapter';
import { withToolErrorsAsText } from '../openai-base/anthropic-extensions';
import { createOpenAiWireAdapter, OPENAI_WIRE_SUPPORTS } from '../openai-base/openai-wire';

function extraHeaders(target: ProviderTarget): Record<string, string> {
  const raw = target.provider.options.headers;
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (!parsed || typeof parsed !== 'object') return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Any server that speaks the OpenAI wire format: vLLM, Ollama, Groq, Together, DeepSeek, Mistral,
 * OpenRouter, LM Studio … Differences are options (all optional):
 * - `authHeader` (default `authorization`), `authScheme` (default `Bearer`; empty for a bare key)
 * - `chatPath` (default `/chat/completions`), `embeddingsPath` (default `/embeddings`)
 * - `headers`: a JSON object of extra headers (e.g. OpenRouter's `HTTP-Referer`, `X-Title`)
 * - `streamUsage`: `false` for servers that reject `stream_options`
 * - `maxTokensField`: `max_tokens` to rename `max_completion_tokens` for servers that only know the old name
 * - `dropParams`: comma-separated body fields to remove (e.g. `seed,logprobs,parallel_tool_calls`)
 * - `supportsTools|supportsVision|supportsJsonSchema|supportsEmbeddings|supportsStreaming`: `false` to reject early
 */
export const openAiCompatibleAdapter: ProviderAdapter = createOpenAiWireAdapter({
  type: 'openai-compatible',
  supports: OPENAI_WIRE_SUPPORTS,
  chatUrl: ({ provider }) => joinUrl(provider.baseUrl, provider.options.chatPath ?? '/chat/completions'),
  embeddingsUrl: ({ provider }) => joinUrl(provider.baseUrl, provider.options.embeddingsPath ?? '/embeddings'),
  headers: (target) => {
    const { apiKey, options } = target.provider;
    const headers = extraHeaders(target);
    if (apiKey) {
      const scheme = options.authScheme ?? 'Bearer';
      headers[(options.authHeader ?? 'authorization').toLowerCase()] = scheme ? `${scheme} ${apiKey}` : apiKey;
    }
    return headers;
  },
  adjustBody: (body, { provider }) => {
    const out = { ...withToolErrorsAsText(body) };
    if (provider.options.maxTokensField === 'max_tokens' && out.max_completion_tokens != null) {
      out.max_tokens = out.max_completion_tokens;
      delete out.max_completion_tokens;
    }
    if (provider.options.streamUsage === 'false') delete out.stream_options;
    for (const field of (provider.options.dropParams ?? '').split(',').map((f) => f.trim()).filter(Boolean)) delete out[field];
    return out;
  },
});
