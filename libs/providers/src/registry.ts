import type { ProviderType } from '@sluice/contracts';
import type { ProviderAdapter } from './core/provider-adapter';
import { openAiAdapter } from './openai/openai.adapter';
import { openAiCompatibleAdapter } from './openai-compatible/openai-compatible.adapter';
import { azureOpenAiAdapter } from './azure-openai/azure-openai.adapter';
import { anthropicAdapter } from './anthropic/anthropic.adapter';
import { geminiAdapter } from './gemini/gemini.adapter';
import { bedrockAdapter } from './bedrock/bedrock.adapter';

/** Every provider type and its adapter. Adding a provider: a folder, and one line here. */
export const providerAdapters = {
  openai: openAiAdapter,
  'openai-compatible': openAiCompatibleAdapter,
  'azure-openai': azureOpenAiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  bedrock: bedrockAdapter,
} satisfies Record<ProviderType, ProviderAdapter>;

export function providerAdapter(type: ProviderType): ProviderAdapter {
  return providerAdapters[type];
}
