import type { Redis } from 'ioredis';
import { cacheDirectives, completionToChunks, exactCacheKey, ExactCacheWriter, InvalidCacheHeaderError, type CacheDirectives, type CacheEntry, type MemoryExactCache } from '@sluice/cache';
import type { CachePolicy, OpenAiChatCompletion, OpenAiChatRequest, SnapshotKey } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';
import { GatewayError } from '../errors/gateway-error';
import type { HeaderBag } from '../auth/virtual-key-verifier';
import type { ChatResponder, ServedBy } from '../proxy/chat-responder';

/** How one request uses the exact cache: where to look and whether to store. */
export interface CachePlan {
  key: string;
  policy: CachePolicy;
  directives: CacheDirectives;
}

/**
 * The exact response cache on the gateway: the lookup rides in the admission script (one round
 * trip), hits are replayed in the client's format (as a stream when one was asked for), and fresh
 * complete answers are stored off the response path.
 */
export class ResponseCache {
  private readonly writer: ExactCacheWriter;

  /** `target`: Redis, or the in-process cache of a standalone gateway without Redis. */
  constructor(target: Redis | MemoryExactCache, private readonly prefix: string, private readonly logger: Logger) {
    this.writer = new ExactCacheWriter(target);
  }

  /** Null when the key's policy is off; 400 for a malformed cache header. */
  plan(policy: CachePolicy | null, key: SnapshotKey, headers: HeaderBag, request: OpenAiChatRequest): CachePlan | null {
    if (!policy || policy.mode === 'off') return null;
    let directives: CacheDirectives;
    try {
      directives = cacheDirectives(headers, policy);
    } catch (error) {
      if (error instanceof InvalidCacheHeaderError) throw GatewayError.invalidRequest(error.message, error.header, 'invalid_cache_header');
      throw error;
    }
    return { key: exactCacheKey({ prefix: this.prefix, orgId: key.orgId, teamId: key.teamId }, request), policy, directives };
  }

  /** Answers from a cache entry in the client's format. */
  async replay(entry: CacheEntry, request: OpenAiChatRequest, responder: ChatResponder): Promise<ServedBy> {
    const servedBy: ServedBy = { modelName: request.model, providerName: entry.servedBy.provider ?? 'cache', deploymentId: entry.servedBy.deployment ?? 'cache', attempts: [] };
    const completion = { ...entry.completion, model: request.model };
    if (request.stream) {
      responder.open(servedBy);
      for (const chunk of completionToChunks(completion, { includeUsage: true })) responder.chunk(chunk);
      responder.close();
    } else {
      await responder.json(completion, servedBy);
    }
    return servedBy;
  }

  /** Stores a fresh, complete answer; failures are logged, never surfaced to the client. */
  store(plan: CachePlan, completion: OpenAiChatCompletion, servedBy: ServedBy): void {
    if (!plan.directives.store) return;
    const entry = { storedAt: Date.now(), servedBy: { model: servedBy.modelName, provider: servedBy.providerName, deployment: servedBy.deploymentId }, completion };
    this.writer.store(plan.key, entry, plan.policy.ttlSeconds).catch((error: unknown) => this.logger.warn({ err: error }, 'response not cached'));
  }
}
