import type { OpenAiChatRequest } from '@sluice/contracts';
import type { ProviderTarget } from '@sluice/providers';

/** What an upstream call is, for its metrics and span: never the body, the key or the headers. */
export interface UpstreamCall {
  operation: 'chat' | 'embeddings';
  providerName: string;
  /** Provider type (`openai`, `anthropic` …): the GenAI `gen_ai.system`. */
  providerType: string;
  upstreamModel: string;
  maxTokens?: number | null;
  temperature?: number | null;
  topP?: number | null;
  stream?: boolean;
}

export function upstreamCallOf(operation: 'chat' | 'embeddings', target: ProviderTarget, request?: OpenAiChatRequest): UpstreamCall {
  return {
    operation,
    providerName: target.provider.name,
    providerType: target.provider.type,
    upstreamModel: target.deployment.upstreamModel,
    maxTokens: request ? (request.max_completion_tokens ?? request.max_tokens ?? null) : null,
    temperature: request?.temperature ?? null,
    topP: request?.top_p ?? null,
    stream: request?.stream ?? undefined,
  };
}
