import { createServer, type Server, type Socket } from 'node:net';
import { createRedisClient } from './create-redis-client';
import { waitUntilReady } from './wait-until-ready';

describe('waitUntilReady', () => {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

  it('resolves true once a fresh client has connected to the real Redis', async () => {
    const redis = createRedisClient({ mode: 'single', url }, { enableOfflineQueue: false });
    try {
      expect(redis.status).not.toBe('ready');
      expect(await waitUntilReady(redis, 10_000)).toBe(true);
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('resolves false after the timeout when the server never answers, and leaves no listener behind', async () => {
    // Accepts connections and says nothing: the client stays in its connect/ready-check phase.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const redis = createRedisClient({ mode: 'single', url: `redis://127.0.0.1:${port}` }, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined);
    try {
      expect(await waitUntilReady(redis, 300)).toBe(false);
      expect(redis.status).not.toBe('ready');
      const listeners = redis.listenerCount('ready');
      expect(await waitUntilReady(redis, 50)).toBe(false);
      expect(redis.listenerCount('ready')).toBe(listeners);
    } finally {
      redis.disconnect();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
