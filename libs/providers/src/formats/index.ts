export { anthropicToCanonicalRequest } from './anthropic-messages/anthropic-request.to-canonical';
export { canonicalToAnthropicResponse, anthropicUsageOf, stopReasonOf as anthropicStopReasonOf } from './anthropic-messages/canonical-response.to-anthropic';
export { AnthropicSseWriter, formatAnthropicSse } from './anthropic-messages/anthropic-sse.writer';
export { countAnthropicTokens, IMAGE_TOKEN_ESTIMATE } from './anthropic-messages/count-tokens';
export { responsesToCanonicalRequest } from './openai-responses/responses-request.to-canonical';
export { canonicalToResponsesResponse, responsesUsageOf } from './openai-responses/canonical-response.to-responses';
export { ResponsesStreamWriter, formatResponsesSse } from './openai-responses/responses-stream.writer';
export { completionsToCanonicalRequest, canonicalToTextCompletion, canonicalChunkToTextCompletion } from './openai-completions/completions.converter';
