import { chatUsageSchema, type ChatCompletionRequest, type ChatUsage, type ProviderType, type SnapshotDeployment, type SnapshotProvider } from '@sluice/contracts';
import type { ProviderAdapter, UpstreamRequest } from '../provider-adapter';

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

function parseUsage(value: unknown): ChatUsage | null {
  if (!value || typeof value !== 'object' || !('usage' in value)) return null;
  const parsed = chatUsageSchema.safeParse((value as { usage: unknown }).usage);
  return parsed.success ? parsed.data : null;
}

/** OpenAI's own API and every server that speaks it (vLLM, Ollama, Groq, Together, …). */
export function createOpenAiAdapter(type: Extract<ProviderType, 'openai' | 'openai-compatible'>): ProviderAdapter {
  return {
    type,
    buildChatCompletion(provider: SnapshotProvider, deployment: SnapshotDeployment, request: ChatCompletionRequest): UpstreamRequest {
      const body: ChatCompletionRequest = { ...request, model: deployment.upstreamModel };
      if (request.stream) {
        // Usage must come from the stream itself; ask for it even when the client did not.
        body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: request.stream ? 'text/event-stream' : 'application/json' };
      if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
      if (provider.options.organization) headers['openai-organization'] = provider.options.organization;
      return { url: joinUrl(provider.baseUrl, '/chat/completions'), method: 'POST', headers, body: JSON.stringify(body) };
    },
    usageFromChatCompletion: parseUsage,
    usageFromStreamEvent: parseUsage,
  };
}
