import type { ProviderType } from '@sluice/contracts';
import type { ProviderAdapter } from './provider-adapter';
import { createOpenAiAdapter } from './openai/openai.adapter';

const adapters: Partial<Record<ProviderType, ProviderAdapter>> = {
  openai: createOpenAiAdapter('openai'),
  'openai-compatible': createOpenAiAdapter('openai-compatible'),
};

/** The adapter for a provider type, or null when no adapter serves OpenAI chat completions for it yet. */
export function adapterFor(type: ProviderType): ProviderAdapter | null {
  return adapters[type] ?? null;
}
