import { bedrockConverseResponseSchema } from '@sluice/contracts';
import { classifyUpstreamError, headerValue, type UpstreamErrorDetails } from '../core/error-classification';
import { ProviderResponseError } from '../core/errors';
import { defineAdapter } from '../core/define-adapter';
import type { ProviderAdapter, ProviderErrorKind } from '../core/provider-adapter';
import { bedrockUrl, signedBedrockRequest } from './bedrock.api';
import { toConverseRequest } from './bedrock-request.mapper';
import { fromConverseResponse } from './bedrock-response.mapper';
import { BedrockStreamTranslator } from './bedrock-stream.translator';

const ERROR_KINDS: Record<string, ProviderErrorKind> = {
  ThrottlingException: 'rate_limit',
  ServiceQuotaExceededException: 'rate_limit',
  ModelNotReadyException: 'rate_limit',
  ModelTimeoutException: 'timeout',
  // 424: the model failed while answering — retryable, not the caller's fault.
  ModelErrorException: 'server',
  AccessDeniedException: 'auth',
  UnrecognizedClientException: 'auth',
  InvalidSignatureException: 'auth',
  IncompleteSignatureException: 'auth',
  MissingAuthenticationTokenException: 'auth',
  ExpiredTokenException: 'auth',
  ResourceNotFoundException: 'not_found',
};

function errorDetails(bodyText: string, errorType: string | undefined): UpstreamErrorDetails {
  let message: string | undefined;
  try {
    const body = JSON.parse(bodyText) as { message?: unknown; Message?: unknown };
    const text = body.message ?? body.Message;
    if (typeof text === 'string') message = text;
  } catch {
    // not JSON
  }
  return { message, code: errorType?.split(':')[0] };
}

export interface BedrockAdapterOptions {
  /** The signing clock (tests pass a fixed one). */
  now?: () => Date;
}

/**
 * AWS Bedrock through the Converse / ConverseStream APIs, SigV4-signed (service `bedrock`).
 * `baseUrl` = `https://bedrock-runtime.<region>.amazonaws.com`; the deployment's `upstreamModel`
 * is the model id, inference profile id or ARN. Options: `region`, `accessKeyId`,
 * `secretAccessKey`, `sessionToken` (or the credential in `apiKey`, see `bedrockCredentials`),
 * `authMode` = `bearer` to send a Bedrock API key instead of signing.
 */
export function createBedrockAdapter(options: BedrockAdapterOptions = {}): ProviderAdapter {
  const now = options.now ?? (() => new Date());
  return defineAdapter({
    type: 'bedrock',
    supports: { tools: true, vision: true, jsonSchema: true, embeddings: false, streaming: true },
    chat: {
      buildRequest: async (target, request) => {
        const stream = request.stream === true;
        return signedBedrockRequest(target, bedrockUrl(target, stream), JSON.stringify(toConverseRequest(request, target)), stream, now);
      },
      parseResponse(json, target) {
        const parsed = bedrockConverseResponseSchema.safeParse(json);
        if (!parsed.success) throw new ProviderResponseError(`Unexpected Bedrock Converse response: ${parsed.error.issues[0]?.message}`);
        return fromConverseResponse(parsed.data, target.deployment.upstreamModel);
      },
      createStreamTranslator: (target) => new BedrockStreamTranslator(target),
    },
    classifyError(status, bodyText, headers) {
      const details = errorDetails(bodyText, headerValue(headers, 'x-amzn-errortype'));
      return classifyUpstreamError('bedrock', status, details, headers, details.code ? ERROR_KINDS[details.code] : undefined);
    },
  });
}

export const bedrockAdapter: ProviderAdapter = createBedrockAdapter();
