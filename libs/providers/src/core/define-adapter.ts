import { chatUsageSchema, type ChatUsage } from '@sluice/contracts';
import { TranslationError } from './errors';
import type { ChatCapability, EmbeddingsCapability, LegacyChatCompletionApi, ProviderAdapter, ProviderTarget } from './provider-adapter';
import { assertChatSupported, assertEmbeddingsSupported } from './supports';

export type AdapterSpec = Omit<ProviderAdapter, keyof LegacyChatCompletionApi> & {
  /** Synchronous OpenAI-wire passthrough, for the deprecated `buildChatCompletion`. */
  legacyBuild?: LegacyChatCompletionApi['buildChatCompletion'];
};

function usageIn(value: unknown): ChatUsage | null {
  if (!value || typeof value !== 'object' || !('usage' in value)) return null;
  const parsed = chatUsageSchema.safeParse((value as { usage: unknown }).usage);
  return parsed.success ? parsed.data : null;
}

/** Assembles an adapter: capability checks run before every request is built. */
export function defineAdapter(spec: AdapterSpec): ProviderAdapter {
  const { legacyBuild, chat, embeddings, ...rest } = spec;
  const checkedChat: ChatCapability = {
    ...chat,
    buildRequest: async (target, request) => {
      assertChatSupported(spec.supports, target, request);
      return chat.buildRequest(target, request);
    },
  };
  const checkedEmbeddings: EmbeddingsCapability | undefined = embeddings && {
    ...embeddings,
    buildRequest: async (target, request) => {
      assertEmbeddingsSupported(spec.supports, target);
      return embeddings.buildRequest(target, request);
    },
  };
  return {
    ...rest,
    chat: checkedChat,
    ...(checkedEmbeddings ? { embeddings: checkedEmbeddings } : {}),
    buildChatCompletion:
      legacyBuild ??
      (() => {
        throw new TranslationError(`Provider type ${spec.type} is only reachable through chat.buildRequest.`, 'unsupported_provider');
      }),
    usageFromChatCompletion: usageIn,
    usageFromStreamEvent: usageIn,
  };
}

/** `'My Anthropic' (anthropic)` — how messages name a provider. */
export function providerLabel(target: ProviderTarget): string {
  return `'${target.provider.name}' (${target.provider.type})`;
}

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
