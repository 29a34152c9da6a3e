import type { ChatCompletionRequest, ChatUsage, ProviderType, SnapshotDeployment, SnapshotProvider } from '@sluice/contracts';

/** An HTTP request to send upstream, fully built (URL, headers, serialised body). */
export interface UpstreamRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string;
}

/** Translates one client wire format (today: OpenAI chat completions) to and from one provider's API. */
export interface ProviderAdapter {
  readonly type: ProviderType;
  buildChatCompletion(provider: SnapshotProvider, deployment: SnapshotDeployment, request: ChatCompletionRequest): UpstreamRequest;
  /** Usage from a non-streaming response body, or null when the provider sent none. */
  usageFromChatCompletion(body: unknown): ChatUsage | null;
  /** Usage carried by one parsed stream event, or null. */
  usageFromStreamEvent(event: unknown): ChatUsage | null;
}
