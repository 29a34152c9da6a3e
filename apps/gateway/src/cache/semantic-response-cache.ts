import { randomUUID } from 'node:crypto';
import { scopeHashOf, semanticPromptOf, SemanticCache, type SemanticCacheQueue } from '@sluice/cache';
import { SEMANTIC_CACHE_DIMENSIONS, type OpenAiChatCompletion, type OpenAiChatRequest, type SnapshotKey } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import type { Pool } from 'pg';
import type { EmbeddingsExecutor } from '../proxy/embeddings-executor';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import type { CachePlan } from './response-cache';

/** What a semantic lookup found, and what the store needs later. */
export interface SemanticProbe {
  prompt: string;
  scopeHash: string;
  hit: OpenAiChatCompletion | null;
}

/**
 * The semantic response cache (pgvector). Only in play for keys whose policy is `exact+semantic`,
 * after an exact miss: the prompt is embedded through the gateway's own providers, and the nearest
 * entry in exactly the same org, team, model and system-prompt/tools scope answers when it is
 * similar enough. New answers are indexed by the worker, off the request path. Any failure here is
 * a miss, never an error for the client.
 */
export class SemanticResponseCache {
  private readonly cache: SemanticCache | null;

  constructor(
    private readonly pool: Pool | null,
    /** Null without Redis (then there is no worker to index answers, and no pool either). */
    private readonly queue: SemanticCacheQueue | null,
    private readonly embeddings: EmbeddingsExecutor,
    private readonly logger: Logger,
  ) {
    this.cache = pool ? new SemanticCache(pool) : null;
  }

  async probe(snapshot: CompiledSnapshot, key: SnapshotKey, request: OpenAiChatRequest, plan: CachePlan, signal: AbortSignal): Promise<SemanticProbe | null> {
    const semantic = plan.policy.semantic;
    if (!this.cache || !semantic || plan.directives.semanticThreshold === null) return null;
    const prompt = semanticPromptOf(request);
    if (!prompt) return null;
    const scopeHash = scopeHashOf(request);
    if (!plan.directives.lookup) return { prompt, scopeHash, hit: null };
    try {
      const embedded = await this.embeddings.execute(snapshot, { model: semantic.embeddingModel, input: prompt, dimensions: SEMANTIC_CACHE_DIMENSIONS }, () => true, signal);
      const embedding = embedded.value.data[0]?.embedding;
      if (!Array.isArray(embedding)) return { prompt, scopeHash, hit: null };
      const hit = await this.cache.lookup({ orgId: key.orgId, teamId: key.teamId, model: request.model, scopeHash, embedding, threshold: plan.directives.semanticThreshold });
      return { prompt, scopeHash, hit: hit?.completion ?? null };
    } catch (error) {
      this.logger.warn({ err: error }, 'semantic cache lookup failed; treated as a miss');
      return { prompt, scopeHash, hit: null };
    }
  }

  async close(): Promise<void> {
    await this.queue?.close();
    await this.pool?.end();
  }

  /** Queues a fresh answer for indexing by the worker (best effort). */
  store(key: SnapshotKey, request: OpenAiChatRequest, plan: CachePlan, probe: SemanticProbe, completion: OpenAiChatCompletion, requestId: string): void {
    if (!plan.directives.store || !this.queue) return;
    const job = {
      entryId: randomUUID(),
      requestId,
      orgId: key.orgId,
      teamId: key.teamId,
      model: request.model,
      scopeHash: probe.scopeHash,
      prompt: probe.prompt,
      response: completion,
      ttlSeconds: plan.policy.ttlSeconds,
      maxEntriesPerScope: plan.policy.semantic?.maxEntriesPerScope,
    };
    this.queue.enqueueWrite(job).catch((error: unknown) => this.logger.warn({ err: error }, 'semantic cache write not queued'));
  }
}

