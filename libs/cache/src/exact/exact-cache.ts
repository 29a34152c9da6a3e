import type { Cluster, Redis } from 'ioredis';
import { MemoryExactCache } from '../memory/memory-exact-cache';
import { decodeCacheEntry, encodeCacheEntry, type CacheEntry, type CacheEntryInput } from './cache-entry';

type RedisClient = Redis | Cluster;

/** Writes exact-cache entries (after a successful upstream call, off the response path), to Redis or, without Redis, to memory. */
export class ExactCacheWriter {
  constructor(private readonly target: RedisClient | MemoryExactCache) {}

  /** SET key value PX ttl. The TTL is the policy's `ttlSeconds`. */
  async store(key: string, entry: CacheEntryInput, ttlSeconds: number): Promise<void> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
    if (this.target instanceof MemoryExactCache) this.target.set(key, encodeCacheEntry(entry), ttlSeconds * 1000);
    else await this.target.set(key, encodeCacheEntry(entry), 'PX', ttlSeconds * 1000);
  }
}

/**
 * A standalone lookup (one GET). The gateway instead GETs the key inside its admission script and
 * passes the raw value to `decodeCacheEntry`.
 */
export async function lookup(redis: RedisClient, key: string): Promise<CacheEntry | null> {
  return decodeCacheEntry(await redis.get(key));
}
