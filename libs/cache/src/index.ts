export { canonicalJson } from './canonical/canonical-json';
export { exactCacheKey, exactCacheHash, exactCacheKeyPattern, normalisedCacheRequest, type CacheScope } from './exact/exact-cache-key';
export {
  cacheEntrySchema,
  decodeCacheEntry,
  encodeCacheEntry,
  GZIP_THRESHOLD_BYTES,
  type CacheEntry,
  type CacheEntryInput,
} from './exact/cache-entry';
export { ExactCacheWriter, lookup } from './exact/exact-cache';
export { completionToChunks, type ReplayOptions } from './exact/completion-to-chunks';
export { StreamAssembler, MAX_ASSEMBLED_CHARS } from './exact/stream-assembler';
export { MemoryExactCache, type MemoryExactCacheOptions } from './memory/memory-exact-cache';
export { cacheDirectives, InvalidCacheHeaderError, type CacheDirectives, type HeaderBag } from './policy/cache-directives';
export { semanticPromptOf, scopeHashOf, PRIOR_TURNS, PRIOR_TURN_CHARS } from './semantic/semantic-prompt';
export {
  SemanticCache,
  HNSW_EF_SEARCH,
  type SemanticHit,
  type SemanticInsert,
  type SemanticLookup,
  type SemanticScope,
} from './semantic/semantic-cache';
export { OpenAiCompatibleEmbedder, EmbeddingError, type Embedder, type OpenAiCompatibleEmbedderOptions } from './semantic/openai-compatible-embedder';
export { SemanticCacheQueue } from './queue/semantic-cache-queue';
