import type { BedrockCachePoint } from '@sluice/contracts';
import { TranslationError } from '../core/errors';

/**
 * Where a model takes Converse `cachePoint` blocks, or null for models without prompt caching on
 * Bedrock (the markers are then dropped, as before). Claude: system, messages and tools, and the
 * 1-hour TTL (Bedrock refuses it on models that lack it); Nova: system and messages only, 5 minutes.
 */
export interface CachePointSupport {
  tools: boolean;
  ttl: boolean;
}

const CLAUDE = { tools: true, ttl: true } as const satisfies CachePointSupport;
const NOVA = { tools: false, ttl: false } as const satisfies CachePointSupport;
/** Claude models Bedrock offers no prompt caching for (older than 3.5 Haiku / 3.7 Sonnet). */
const CLAUDE_WITHOUT_CACHING = /anthropic\.claude-(?:instant|v2|3-(?:haiku|sonnet|opus)|3-5-sonnet)/i;

export function cachePointSupport(upstreamModel: string): CachePointSupport | null {
  if (/anthropic\.claude/i.test(upstreamModel)) return CLAUDE_WITHOUT_CACHING.test(upstreamModel) ? null : CLAUDE;
  return /amazon\.nova-/i.test(upstreamModel) ? NOVA : null;
}

/**
 * The `cachePoint` block that stands for a canonical `cache_control` marker (Anthropic's
 * `{ type: 'ephemeral', ttl? }`), or null without one. A TTL Bedrock does not know is a 400.
 */
export function cachePointOf(marker: unknown, support: CachePointSupport, label: string): { cachePoint: BedrockCachePoint } | null {
  if (!marker || typeof marker !== 'object') return null;
  const ttl = (marker as { ttl?: unknown }).ttl;
  if (ttl !== undefined && ttl !== '5m' && ttl !== '1h') {
    throw new TranslationError(`Provider ${label} takes cache_control.ttl '5m' or '1h' only.`, 'unsupported_parameter', 'cache_control');
  }
  return { cachePoint: ttl && support.ttl ? { type: 'default', ttl } : { type: 'default' } };
}
