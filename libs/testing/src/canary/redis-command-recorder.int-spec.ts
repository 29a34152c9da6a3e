import { Redis } from 'ioredis';
import { createTestRedisPrefix } from '../redis/test-redis';
import { waitFor } from '../processes/wait-for';
import { RedisCommandRecorder } from './redis-command-recorder';

describe('RedisCommandRecorder (MONITOR on the real Redis)', () => {
  const mine = createTestRedisPrefix();
  const stranger = `${createTestRedisPrefix().prefix}-elsewhere`;
  let ours: Redis;
  let theirs: Redis;
  let recorder: RedisCommandRecorder;

  beforeAll(async () => {
    recorder = await RedisCommandRecorder.start(mine.url, mine.prefix);
    ours = new Redis(mine.url, { maxRetriesPerRequest: 1 });
    theirs = new Redis(mine.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await recorder.stop();
    await ours.del(`${stranger}:ours`);
    await theirs.del(`${stranger}:theirs`);
    await Promise.all([ours.quit(), theirs.quit()]);
    await mine.flush();
  });

  it('records commands naming the prefix (values unescaped), later commands of the same connection, nothing of other connections', async () => {
    await ours.set(`${mine.prefix}:k`, 'he said "hi"\n\u00e9 \u2603 canary-123');
    await ours.hset(`${mine.prefix}:h`, 'field', 'value-456');
    await ours.set(`${stranger}:ours`, 'outside-the-prefix-789');
    await theirs.set(`${stranger}:theirs`, 'not-ours-000');
    await ours.eval(`return redis.call('SET', KEYS[1], ARGV[1])`, 1, `${mine.prefix}:lua`, 'from-lua-321');
    await waitFor(async () => recorder.text().includes('from-lua-321'), { timeoutMs: 5000, what: 'the Lua command recorded' });
    const text = recorder.text();
    expect(text).toContain('he said "hi"\n\u00e9 \u2603 canary-123');
    expect(text).toContain('value-456');
    expect(text).toContain('outside-the-prefix-789');
    expect(text).not.toContain('not-ours-000');
    expect(recorder.connections).toBe(1);
  });
});
