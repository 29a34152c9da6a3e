import { Redis } from 'ioredis';
import { createTestRedisPrefix } from './test-redis';

describe('createTestRedisPrefix', () => {
  const mine = createTestRedisPrefix();
  const theirs = createTestRedisPrefix();
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(mine.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await theirs.flush();
    await redis.quit();
  });

  it('gives every caller a distinct prefix that is a valid queue prefix', () => {
    expect(mine.prefix).not.toBe(theirs.prefix);
    expect(mine.prefix).toMatch(/^[a-z0-9][a-z0-9_-]{0,40}$/);
  });

  it('flush deletes only its own namespace, across several SCAN pages', async () => {
    const keys = Array.from({ length: 1200 }, (_, i) => `${mine.prefix}:k${i}`);
    await redis.mset(...keys.flatMap((k) => [k, '1']));
    await redis.set(mine.prefix, 'root');
    await redis.set(`${theirs.prefix}:keep`, '1');
    await redis.set(`${mine.prefix}x:not-mine`, '1');

    expect(await mine.flush()).toBe(1201);
    expect(await redis.exists(mine.prefix, keys[0], keys[1199])).toBe(0);
    expect(await redis.get(`${theirs.prefix}:keep`)).toBe('1');
    expect(await redis.get(`${mine.prefix}x:not-mine`)).toBe('1');
    await redis.del(`${mine.prefix}x:not-mine`);
  });
});
