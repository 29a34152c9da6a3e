import type { Attributes } from '@opentelemetry/api';

/**
 * OpenTelemetry GenAI semantic-convention attributes
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/). Only metadata: prompts, responses, keys
 * and headers never become attributes.
 */
export interface GenAiRequestInfo {
  operation: 'chat' | 'embeddings' | 'text_completion';
  /** Provider type (`openai`, `anthropic`, …). */
  system: string;
  requestModel: string;
  maxTokens?: number | null;
  temperature?: number | null;
  topP?: number | null;
  stream?: boolean;
}

export interface GenAiResponseInfo {
  responseModel?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  finishReasons?: string[];
}

export function genAiRequestAttributes(info: GenAiRequestInfo): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': info.operation,
    'gen_ai.system': info.system,
    'gen_ai.provider.name': info.system,
    'gen_ai.request.model': info.requestModel,
  };
  if (typeof info.maxTokens === 'number') attributes['gen_ai.request.max_tokens'] = info.maxTokens;
  if (typeof info.temperature === 'number') attributes['gen_ai.request.temperature'] = info.temperature;
  if (typeof info.topP === 'number') attributes['gen_ai.request.top_p'] = info.topP;
  if (info.stream !== undefined) attributes['sluice.request.stream'] = info.stream;
  return attributes;
}

export function genAiResponseAttributes(info: GenAiResponseInfo): Attributes {
  const attributes: Attributes = {};
  if (info.responseModel) attributes['gen_ai.response.model'] = info.responseModel;
  if (typeof info.inputTokens === 'number') attributes['gen_ai.usage.input_tokens'] = info.inputTokens;
  if (typeof info.outputTokens === 'number') attributes['gen_ai.usage.output_tokens'] = info.outputTokens;
  if (info.finishReasons && info.finishReasons.length > 0) attributes['gen_ai.response.finish_reasons'] = info.finishReasons;
  return attributes;
}
