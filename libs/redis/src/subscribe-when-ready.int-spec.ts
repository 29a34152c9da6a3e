import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisClient } from './create-redis-client';
import { subscribeWhenReady } from './subscribe-when-ready';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Redis's own count of subscribers on `channel`. */
async function subscribers(redis: Redis, channel: string): Promise<number> {
  const [, count] = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
  return Number(count);
}

/** Publishes until `received` holds a message or `ms` pass. */
async function publishUntilReceived(publisher: Redis, channel: string, received: string[], ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (received.length === 0 && Date.now() < until) {
    await publisher.publish(channel, 'changed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('subscribeWhenReady (real Redis)', () => {
  let publisher: Redis;
  const clients: Redis[] = [];
  /** A fresh subscriber client on a channel of its own, recording its errors and messages. */
  const watchedSubscriber = () => {
    const subscriber = createRedisClient({ mode: 'single', url }, { maxRetriesPerRequest: null });
    clients.push(subscriber);
    const errors: Error[] = [];
    const received: string[] = [];
    subscriber.on('error', (error: Error) => errors.push(error));
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    return { channel: `subscribe-when-ready-${randomUUID()}`, subscriber, errors, received };
  };

  beforeAll(() => {
    publisher = createRedisClient({ mode: 'single', url });
  });
  afterEach(() => clients.splice(0).forEach((redis) => redis.disconnect()));
  afterAll(() => publisher.disconnect());

  it("keeps a subscription asked for between the connection's 'connect' and 'ready' (the gateway's start-up window)", async () => {
    const { channel, subscriber, errors, received } = watchedSubscriber();

    let statusWhenAsked = '';
    const subscribed = await new Promise<Promise<void>>((resolve) =>
      subscriber.once('connect', () => {
        statusWhenAsked = subscriber.status;
        resolve(subscribeWhenReady(subscriber, channel));
      }),
    );
    await subscribed;

    expect(statusWhenAsked).toBe('connect');

    expect(subscriber.status).toBe('ready');
    await publishUntilReceived(publisher, channel, received);
    expect(received).toEqual(['changed']);
    expect(await subscribers(publisher, channel)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('the same subscription made with a bare subscribe() in that window is lost (redis/ioredis#2037; if this fails, ioredis fixed it)', async () => {
    const { channel, subscriber, errors, received } = watchedSubscriber();

    await new Promise<void>((resolve) =>
      subscriber.once('connect', () => {
        subscriber.subscribe(channel).catch(() => undefined);
        resolve();
      }),
    );
    await new Promise((resolve) => subscriber.once('ready', resolve));

    await publishUntilReceived(publisher, channel, received, 500);
    expect(received).toEqual([]);
    expect(await subscribers(publisher, channel)).toBe(0);
    expect(errors.map((error) => error.message).join('\n')).toMatch(/subscriber mode/);
  });

  it('subscribes at once on a client that is already ready', async () => {
    const { channel, subscriber, received } = watchedSubscriber();
    await new Promise((resolve) => subscriber.once('ready', resolve));

    await subscribeWhenReady(subscriber, channel);

    expect(await subscribers(publisher, channel)).toBe(1);
    await publishUntilReceived(publisher, channel, received);
    expect(received[0]).toBe('changed');
  });

  it('rejects, naming the channel, when the client is closed before it was ever ready', async () => {
    const subscriber = createRedisClient({ mode: 'single', url: 'redis://127.0.0.1:1' }, { maxRetriesPerRequest: null });
    subscriber.on('error', () => undefined);
    const subscribed = subscribeWhenReady(subscriber, 'never-ready');
    subscriber.disconnect();
    await expect(subscribed).rejects.toThrow(/closed before it was ready; not subscribed to never-ready/);
    expect(subscriber.listenerCount('ready')).toBe(0);
  });
});
