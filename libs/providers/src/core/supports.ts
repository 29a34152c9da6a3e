import type { OpenAiChatRequest } from '@sluice/contracts';
import { TranslationError } from './errors';
import type { ProviderSupports, ProviderTarget } from './provider-adapter';

const OVERRIDE_KEYS: Record<keyof ProviderSupports, string> = {
  tools: 'supportsTools',
  vision: 'supportsVision',
  jsonSchema: 'supportsJsonSchema',
  embeddings: 'supportsEmbeddings',
  streaming: 'supportsStreaming',
};

/** The adapter's capabilities, narrowed by `options.supports*` = "false" (e.g. a vLLM model without vision). */
export function effectiveSupports(base: ProviderSupports, target: ProviderTarget): ProviderSupports {
  const result = { ...base };
  for (const key of Object.keys(OVERRIDE_KEYS) as (keyof ProviderSupports)[]) {
    const value = target.provider.options[OVERRIDE_KEYS[key]];
    if (value === 'false') result[key] = false;
    if (value === 'true') result[key] = true;
  }
  return result;
}

function usesImages(request: OpenAiChatRequest): boolean {
  return request.messages.some((m) => (m.role === 'user' || m.role === 'tool') && Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'));
}

/** Throws a 400 `TranslationError` ("provider X cannot …") for a feature the target cannot serve. */
export function assertChatSupported(base: ProviderSupports, target: ProviderTarget, request: OpenAiChatRequest): void {
  const supports = effectiveSupports(base, target);
  const label = `'${target.provider.name}' (${target.provider.type})`;
  if (request.stream && !supports.streaming) throw new TranslationError(`Provider ${label} cannot stream responses.`, 'unsupported_feature', 'stream');
  if (request.tools?.length && !supports.tools) throw new TranslationError(`Provider ${label} cannot call tools.`, 'unsupported_feature', 'tools');
  if (usesImages(request) && !supports.vision) throw new TranslationError(`Provider ${label} cannot read images.`, 'unsupported_feature', 'messages');
  if (request.response_format?.type === 'json_schema' && !supports.jsonSchema) {
    throw new TranslationError(`Provider ${label} cannot enforce a JSON schema (response_format).`, 'unsupported_feature', 'response_format');
  }
}

export function assertEmbeddingsSupported(base: ProviderSupports, target: ProviderTarget): void {
  if (!effectiveSupports(base, target).embeddings) {
    throw new TranslationError(`Provider '${target.provider.name}' (${target.provider.type}) cannot create embeddings.`, 'unsupported_feature', 'model');
  }
}
