import type {
  OpenAiChatChunk,
  OpenAiChatCompletion,
  OpenAiChatRequest,
  OpenAiEmbeddingsRequest,
  OpenAiEmbeddingsResponse,
  ProviderType,
  SnapshotDeployment,
  SnapshotProvider,
} from '@sluice/contracts';

/** An HTTP request to send upstream, fully built (URL, headers incl. auth, serialised body). */
export interface UpstreamRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string;
}

/** Which configured provider and deployment a request goes to. */
export interface ProviderTarget {
  provider: SnapshotProvider;
  deployment: SnapshotDeployment;
}

/** Response headers as undici (or fetch, flattened) gives them. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface ProviderSupports {
  tools: boolean;
  vision: boolean;
  jsonSchema: boolean;
  embeddings: boolean;
  streaming: boolean;
}

export type ProviderErrorKind =
  | 'rate_limit'
  | 'context_window_exceeded'
  | 'content_policy'
  | 'auth'
  | 'invalid_request'
  | 'not_found'
  | 'server'
  | 'timeout';

/** An upstream failure, normalised. `message` is safe to show a client (no upstream URLs or keys). */
export interface ClassifiedError {
  kind: ProviderErrorKind;
  /** The upstream HTTP status (0 when the failure arrived inside a stream). */
  status: number;
  retryAfterMs?: number;
  message: string;
}

/** Turns a provider's raw stream (any framing) into canonical chunks, incrementally. */
export interface ChatStreamTranslator {
  /** Feed bytes exactly as they arrived; returns the chunks completed so far. Throws `ProviderStreamError` on an in-stream error. */
  push(raw: Uint8Array | string): OpenAiChatChunk[];
  /** The upstream stream ended; returns what is left (the usage chunk, with `choices: []`, when not sent yet). */
  end(): OpenAiChatChunk[];
}

export interface ChatCapability {
  buildRequest(target: ProviderTarget, request: OpenAiChatRequest): Promise<UpstreamRequest>;
  parseResponse(json: unknown, target: ProviderTarget): OpenAiChatCompletion;
  createStreamTranslator(target: ProviderTarget): ChatStreamTranslator;
}

export interface EmbeddingsCapability {
  buildRequest(target: ProviderTarget, request: OpenAiEmbeddingsRequest): Promise<UpstreamRequest>;
  parseResponse(json: unknown, target: ProviderTarget, request: OpenAiEmbeddingsRequest): OpenAiEmbeddingsResponse;
}

/** Translates the canonical format (OpenAI chat completions) to and from one provider's API. */
export interface ProviderAdapter {
  readonly type: ProviderType;
  readonly supports: ProviderSupports;
  readonly chat: ChatCapability;
  readonly embeddings?: EmbeddingsCapability;
  classifyError(status: number, bodyText: string, headers: ResponseHeaders): ClassifiedError;
}
