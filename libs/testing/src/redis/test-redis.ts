import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
const SCAN_BATCH = 500;

export interface TestRedisNamespace {
  url: string;
  /**
   * Unique per call and valid as QUEUE_PREFIX (lowercase, digits, `_`). Use it as the BullMQ prefix
   * or as the first segment of every key, followed by `:`.
   */
  prefix: string;
  /** Deletes `prefix` and every `prefix:*` key, and nothing else. Returns how many keys it deleted. */
  flush(): Promise<number>;
}

/** A private key namespace on the shared test Redis, so suites can run side by side. */
export function createTestRedisPrefix(url: string = process.env.TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL): TestRedisNamespace {
  const prefix = `t_${process.pid.toString(36)}_${randomBytes(5).toString('hex')}`;
  return { url, prefix, flush: () => deleteNamespace(url, prefix) };
}

async function deleteNamespace(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    let deleted = await redis.unlink(prefix);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', SCAN_BATCH);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    await redis.quit();
  }
}
