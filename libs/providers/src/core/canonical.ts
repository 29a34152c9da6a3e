import { randomUUID } from 'node:crypto';
import type { ChatUsage, OpenAiChatRequest, OpenAiToolCall } from '@sluice/contracts';
import { TranslationError } from './errors';

/** The text of a string or text-part content. */
export function textOf(content: string | readonly { type: string; text?: string }[] | null | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}

export interface DataUri {
  mediaType: string;
  data: string;
}

/** `data:image/png;base64,AAAA` → { mediaType, data }; null for any other URL. */
export function parseDataUri(url: string): DataUri | null {
  const match = /^data:([\w.+-]+\/[\w.+-]+);base64,(.+)$/s.exec(url);
  return match ? { mediaType: match[1], data: match[2] } : null;
}

export function toDataUri(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** Tool-call arguments (a JSON string) as an object; an empty string is `{}`. */
export function parseToolArguments(call: OpenAiToolCall, providerLabel: string): Record<string, unknown> {
  if (call.function.arguments.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(call.function.arguments);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new TranslationError(
    `Provider ${providerLabel} needs tool call arguments as a JSON object; tool call '${call.id}' has invalid arguments.`,
    'invalid_tool_arguments',
    'messages',
  );
}

export function maxTokensOf(request: OpenAiChatRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}

export function stopSequencesOf(request: OpenAiChatRequest): string[] | undefined {
  if (request.stop == null) return undefined;
  return typeof request.stop === 'string' ? [request.stop] : request.stop;
}

/** `cacheCreation1h`: the 1-hour-TTL part of `cacheCreation`, when the upstream reported the split (kept only next to cache writes). */
export function usageOf(prompt: number, completion: number, cached = 0, cacheCreation = 0, reasoning = 0, cacheCreation1h?: number): ChatUsage {
  const usage: ChatUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (cached || cacheCreation) {
    usage.prompt_tokens_details = {
      cached_tokens: cached,
      ...(cacheCreation ? { cache_creation_tokens: cacheCreation, ...(cacheCreation1h !== undefined ? { cache_creation_1h_tokens: Math.min(cacheCreation1h, cacheCreation) } : {}) } : {}),
    };
  }
  if (reasoning) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

export function newId(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Features no translating provider can give back; rejected with a clear message. */
export function rejectUnsupportedOptions(request: OpenAiChatRequest, providerLabel: string, options: { n?: boolean; logprobs?: boolean }): void {
  if (!options.n && (request.n ?? 1) > 1) {
    throw new TranslationError(`Provider ${providerLabel} cannot return more than one choice (n > 1).`, 'unsupported_parameter', 'n');
  }
  if (!options.logprobs && (request.logprobs || request.top_logprobs)) {
    throw new TranslationError(`Provider ${providerLabel} cannot return logprobs.`, 'unsupported_parameter', 'logprobs');
  }
  for (const message of request.messages) {
    if (message.role === 'function') {
      throw new TranslationError(`Provider ${providerLabel} cannot take the deprecated 'function' role; use 'tool' messages.`, 'unsupported_parameter', 'messages');
    }
  }
}
