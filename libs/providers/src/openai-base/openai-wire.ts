import {
  openAiChatChunkSchema,
  openAiChatCompletionSchema,
  openAiEmbeddingsResponseSchema,
  type OpenAiChatChunk,
  type OpenAiChatCompletion,
  type OpenAiChatRequest,
} from '@sluice/contracts';
import { ProviderResponseError, ProviderStreamError } from '../core/errors';
import { classifyUpstreamError, nestedErrorDetails } from '../core/error-classification';
import type { ProviderAdapter, ProviderSupports, ProviderTarget, UpstreamRequest } from '../core/provider-adapter';
import { defineAdapter, providerLabel } from '../core/define-adapter';
import { SseJsonReader } from '../core/sse-json-reader';
import { withClaudeFeaturesForOpenAiWire } from './claude-features';

/** What differs between servers that speak the OpenAI wire format. */
export interface OpenAiWireConfig {
  type: ProviderAdapter['type'];
  supports: ProviderSupports;
  chatUrl(target: ProviderTarget): string;
  embeddingsUrl(target: ProviderTarget): string;
  headers(target: ProviderTarget): Record<string, string>;
  /** Last adjustments to the JSON body (renamed or dropped parameters). */
  adjustBody?(body: Record<string, unknown>, target: ProviderTarget): Record<string, unknown>;
}

const FINISH_ALIASES: Record<string, OpenAiChatCompletion['choices'][number]['finish_reason']> = {
  model_length: 'length',
  eos: 'stop',
  error: 'stop',
  abort: 'stop',
};

/** Tolerates the small deviations of OpenAI-compatible servers (finish reasons, missing `object`). */
function normalise(value: unknown, object: 'chat.completion' | 'chat.completion.chunk'): unknown {
  if (!value || typeof value !== 'object') return value;
  const body = value as { object?: unknown; choices?: { finish_reason?: unknown }[] };
  const choices = Array.isArray(body.choices)
    ? body.choices.map((c) => (typeof c.finish_reason === 'string' && c.finish_reason in FINISH_ALIASES ? { ...c, finish_reason: FINISH_ALIASES[c.finish_reason] } : c))
    : body.choices;
  return { ...body, object, choices };
}

function buildChat(config: OpenAiWireConfig, target: ProviderTarget, request: OpenAiChatRequest): UpstreamRequest {
  let body: Record<string, unknown> = { ...withClaudeFeaturesForOpenAiWire(request, target), model: target.deployment.upstreamModel };
  if (request.stream && target.provider.options.streamUsage !== 'false') {
    // Usage must come from the stream itself; ask for it even when the client did not.
    body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  }
  if (config.adjustBody) body = config.adjustBody(body, target);
  const headers = { 'content-type': 'application/json', accept: request.stream ? 'text/event-stream' : 'application/json', ...config.headers(target) };
  return { url: config.chatUrl(target), method: 'POST', headers, body: JSON.stringify(body) };
}

/** An adapter for a server that speaks the OpenAI wire format: translation is (almost) identity. */
export function createOpenAiWireAdapter(config: OpenAiWireConfig): ProviderAdapter {
  return defineAdapter({
    type: config.type,
    supports: config.supports,
    chat: {
      buildRequest: async (target, request) => buildChat(config, target, request),
      parseResponse(json) {
        const parsed = openAiChatCompletionSchema.safeParse(normalise(json, 'chat.completion'));
        if (!parsed.success) throw new ProviderResponseError(`Unexpected chat completion from provider: ${parsed.error.issues[0]?.message}`);
        return parsed.data;
      },
      createStreamTranslator(target) {
        const reader = new SseJsonReader();
        const translate = (events: unknown[]): OpenAiChatChunk[] => {
          const out: OpenAiChatChunk[] = [];
          for (const event of events) {
            if (event && typeof event === 'object' && 'error' in event) {
              const details = nestedErrorDetails(JSON.stringify(event));
              throw new ProviderStreamError(classifyUpstreamError(providerLabel(target), 0, details, {}, 'server'));
            }
            const parsed = openAiChatChunkSchema.safeParse(normalise(event, 'chat.completion.chunk'));
            if (!parsed.success) throw new ProviderResponseError(`Unexpected stream chunk from provider: ${parsed.error.issues[0]?.message}`);
            // Azure's prompt-filter preamble and similar carry nothing canonical.
            if (parsed.data.choices.length === 0 && !parsed.data.usage) continue;
            out.push(parsed.data);
          }
          return out;
        };
        return { push: (raw) => translate(reader.push(raw)), end: () => translate(reader.end()) };
      },
    },
    embeddings: {
      buildRequest: async (target, request) => {
        let body: Record<string, unknown> = { ...request, model: target.deployment.upstreamModel };
        if (config.adjustBody) body = config.adjustBody(body, target);
        return { url: config.embeddingsUrl(target), method: 'POST', headers: { 'content-type': 'application/json', ...config.headers(target) }, body: JSON.stringify(body) };
      },
      parseResponse(json) {
        const parsed = openAiEmbeddingsResponseSchema.safeParse(json);
        if (!parsed.success) throw new ProviderResponseError(`Unexpected embeddings response from provider: ${parsed.error.issues[0]?.message}`);
        return parsed.data;
      },
    },
    classifyError: (status, bodyText, headers) => classifyUpstreamError(config.type, status, nestedErrorDetails(bodyText), headers),
  });
}

export const OPENAI_WIRE_SUPPORTS: ProviderSupports = { tools: true, vision: true, jsonSchema: true, embeddings: true, streaming: true };
