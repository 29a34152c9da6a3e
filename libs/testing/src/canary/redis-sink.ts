import { Redis } from 'ioredis';
import type { SinkText } from './sink-scan';

/** Every key under `prefix` (`prefix` and `prefix:*`) with its value, whatever its type, one sink per key. */
export async function dumpRedis(url: string, prefix: string): Promise<{ sinks: SinkText[]; keys: number }> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    const keys = new Set<string>();
    for (const pattern of [prefix, `${prefix}:*`]) {
      let cursor = '0';
      do {
        const [next, batch] = await redis.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', 500);
        for (const key of batch) keys.add(key.toString('latin1'));
        cursor = next.toString();
      } while (cursor !== '0');
    }
    const sinks: SinkText[] = [];
    for (const latin1Key of keys) {
      const key = Buffer.from(latin1Key, 'latin1');
      sinks.push({ sink: `redis:${key.toString('utf8')}`, text: `${key.toString('utf8')}\n${await valueText(redis, key)}` });
    }
    return { sinks, keys: keys.size };
  } finally {
    await redis.quit();
  }
}

async function valueText(redis: Redis, key: Buffer): Promise<string> {
  const type = await redis.type(key);
  const text = (parts: Buffer[]) => parts.map((p) => p.toString('utf8')).join('\n');
  switch (type) {
    case 'string':
      return (await redis.getBuffer(key))?.toString('utf8') ?? '';
    case 'hash':
      return text(await redis.hgetallBuffer(key).then((h) => Object.entries(h).flatMap(([k, v]) => [Buffer.from(k), v])));
    case 'list':
      return text(await redis.lrangeBuffer(key, 0, -1));
    case 'set':
      return text(await redis.smembersBuffer(key));
    case 'zset':
      return text(await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES'));
    case 'stream': {
      const entries = (await redis.call('XRANGE', key, '-', '+')) as Array<[string, string[]]>;
      return entries.map(([id, fields]) => `${id} ${fields.join(' ')}`).join('\n');
    }
    case 'none':
      return '';
    default:
      return `(${type})`;
  }
}
