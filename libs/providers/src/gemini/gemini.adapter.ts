import { geminiGenerateContentResponseSchema } from '@sluice/contracts';
import { classifyUpstreamError, nestedErrorDetails } from '../core/error-classification';
import { ProviderResponseError } from '../core/errors';
import { defineAdapter } from '../core/define-adapter';
import type { ProviderAdapter } from '../core/provider-adapter';
import { geminiHeaders, geminiModelUrl } from './gemini.api';
import { geminiEmbeddings } from './gemini-embeddings';
import { toGeminiRequest } from './gemini-request.mapper';
import { fromGeminiResponse } from './gemini-response.mapper';
import { GeminiStreamTranslator } from './gemini-stream.translator';

/**
 * Google Gemini through the Generative Language API. Options: `apiVersion` (default v1beta),
 * `embeddingTaskType` (e.g. RETRIEVAL_DOCUMENT). The key goes in `x-goog-api-key`.
 */
export const geminiAdapter: ProviderAdapter = defineAdapter({
  type: 'gemini',
  supports: { tools: true, vision: true, jsonSchema: true, embeddings: true, streaming: true },
  chat: {
    buildRequest: async (target, request) => ({
      url: request.stream ? geminiModelUrl(target, 'streamGenerateContent', '?alt=sse') : geminiModelUrl(target, 'generateContent'),
      method: 'POST',
      headers: geminiHeaders(target, request.stream === true),
      body: JSON.stringify(toGeminiRequest(request, target)),
    }),
    parseResponse(json, target) {
      const parsed = geminiGenerateContentResponseSchema.safeParse(json);
      if (!parsed.success) throw new ProviderResponseError(`Unexpected Gemini response: ${parsed.error.issues[0]?.message}`);
      return fromGeminiResponse(parsed.data, target.deployment.upstreamModel);
    },
    createStreamTranslator: (target) => new GeminiStreamTranslator(target),
  },
  embeddings: geminiEmbeddings,
  classifyError(status, bodyText, headers) {
    const result = classifyUpstreamError('gemini', status, nestedErrorDetails(bodyText), headers);
    const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(bodyText);
    if (result.retryAfterMs === undefined && delay) result.retryAfterMs = Math.round(Number(delay[1]) * 1000);
    return result;
  },
});
