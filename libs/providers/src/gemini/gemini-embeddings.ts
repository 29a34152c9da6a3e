import { geminiEmbedResponseSchema, type GeminiEmbedContentRequest, type OpenAiEmbeddingsRequest, type OpenAiEmbeddingsResponse } from '@sluice/contracts';
import { ProviderResponseError, TranslationError } from '../core/errors';
import type { EmbeddingsCapability, ProviderTarget } from '../core/provider-adapter';
import { providerLabel } from '../core/define-adapter';
import { geminiHeaders, geminiModelUrl } from './gemini.api';

function texts(request: OpenAiEmbeddingsRequest, target: ProviderTarget): string[] {
  const input = request.input;
  if (typeof input === 'string') return [input];
  if (input.every((item): item is string => typeof item === 'string')) return input;
  throw new TranslationError(`Provider ${providerLabel(target)} cannot embed token arrays; send text.`, 'unsupported_parameter', 'input');
}

function embedRequest(text: string, request: OpenAiEmbeddingsRequest, target: ProviderTarget): GeminiEmbedContentRequest {
  const body: GeminiEmbedContentRequest = { model: `models/${target.deployment.upstreamModel.replace(/^models\//, '')}`, content: { parts: [{ text }] } };
  if (request.dimensions) body.outputDimensionality = request.dimensions;
  if (target.provider.options.embeddingTaskType) body.taskType = target.provider.options.embeddingTaskType;
  return body;
}

/** One string → `embedContent`; several → `batchEmbedContents`. Gemini reports no token usage (0). */
export const geminiEmbeddings: EmbeddingsCapability = {
  buildRequest: async (target, request) => {
    const items = texts(request, target);
    const single = typeof request.input === 'string';
    const body = single ? embedRequest(items[0], request, target) : { requests: items.map((text) => embedRequest(text, request, target)) };
    return { url: geminiModelUrl(target, single ? 'embedContent' : 'batchEmbedContents'), method: 'POST', headers: geminiHeaders(target, false), body: JSON.stringify(body) };
  },
  parseResponse(json, target): OpenAiEmbeddingsResponse {
    const parsed = geminiEmbedResponseSchema.safeParse(json);
    if (!parsed.success) throw new ProviderResponseError(`Unexpected Gemini embeddings response: ${parsed.error.issues[0]?.message}`);
    const data = parsed.data as { embedding?: { values: number[] }; embeddings?: { values: number[] }[] };
    const vectors = data.embedding ? [data.embedding.values] : (data.embeddings ?? []).map((e) => e.values);
    return {
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      model: target.deployment.upstreamModel,
      usage: { prompt_tokens: 0, total_tokens: 0 },
    };
  },
};
