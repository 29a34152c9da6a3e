import type { ChatCapability, EmbeddingsCapability, ProviderAdapter, ProviderTarget } from './provider-adapter';
import { assertChatSupported, assertEmbeddingsSupported } from './supports';

export type AdapterSpec = ProviderAdapter;

/** Assembles an adapter: capability checks run before every request is built. */
export function defineAdapter(spec: AdapterSpec): ProviderAdapter {
  const { chat, embeddings, ...rest } = spec;
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
  };
}

/** `'My Anthropic' (anthropic)` — how messages name a provider. */
export function providerLabel(target: ProviderTarget): string {
  return `'${target.provider.name}' (${target.provider.type})`;
}

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
