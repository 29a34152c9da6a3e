import type { ProviderType } from '@sluice/contracts';
import type { ProviderTarget } from '../core/provider-adapter';

/** A provider + deployment pair for tests. */
export function targetFor(type: ProviderType, overrides: { baseUrl?: string; apiKey?: string; options?: Record<string, string>; upstreamModel?: string } = {}): ProviderTarget {
  return {
    provider: { id: 'p1', name: `Test ${type}`, type, baseUrl: overrides.baseUrl ?? 'https://upstream.example.test/v1', apiKey: overrides.apiKey ?? 'sk-upstream-secret', options: overrides.options ?? {} },
    deployment: { id: 'd1', modelName: 'alias', providerId: 'p1', upstreamModel: overrides.upstreamModel ?? 'upstream-model', weight: 1, priority: 0, timeoutMs: 1000 },
  };
}
