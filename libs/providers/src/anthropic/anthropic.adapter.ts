import { anthropicMessageSchema } from '@sluice/contracts';
import { classifyUpstreamError, nestedErrorDetails } from '../core/error-classification';
import { ProviderResponseError } from '../core/errors';
import { defineAdapter } from '../core/define-adapter';
import type { ProviderAdapter } from '../core/provider-adapter';
import { forwardedAnthropicBetas } from '../core/anthropic-betas';
import { anthropicHeaders, anthropicMessagesUrl } from './anthropic.api';
import { toAnthropicRequest } from './anthropic-request.mapper';
import { fromAnthropicMessage } from './anthropic-response.mapper';
import { AnthropicStreamTranslator } from './anthropic-stream.translator';

/**
 * Anthropic Messages API. Options: `anthropicVersion` (default 2023-06-01), `anthropicBeta` (always
 * sent), `forwardBetas` (which of a client's `anthropic-beta` values go upstream; see core/anthropic-betas),
 * `defaultMaxTokens` (default 4096, used when the request sets none), `authMode` = `bearer`
 * to send `Authorization: Bearer` instead of `x-api-key`.
 */
export const anthropicAdapter: ProviderAdapter = defineAdapter({
  type: 'anthropic',
  supports: { tools: true, vision: true, jsonSchema: true, embeddings: false, streaming: true },
  chat: {
    buildRequest: async (target, request) => {
      const betas = forwardedAnthropicBetas(request, target.provider);
      return {
        url: anthropicMessagesUrl(target),
        method: 'POST',
        headers: anthropicHeaders(target, request.stream === true, betas),
        body: JSON.stringify(toAnthropicRequest(request, target, betas)),
      };
    },
    parseResponse(json) {
      const parsed = anthropicMessageSchema.safeParse(json);
      if (!parsed.success) throw new ProviderResponseError(`Unexpected Anthropic message: ${parsed.error.issues[0]?.message}`);
      return fromAnthropicMessage(parsed.data);
    },
    createStreamTranslator: (target) => new AnthropicStreamTranslator(target),
  },
  classifyError: (status, bodyText, headers) => classifyUpstreamError('anthropic', status, nestedErrorDetails(bodyText), headers),
});
