import type { Cluster, Redis } from 'ioredis';

/**
 * Subscribes to `channel` once `client` is ready; resolves when Redis has confirmed the subscription.
 *
 * Why not `client.subscribe()` at once: ioredis 5 (from 5.8.2, redis/ioredis#2037) writes a SUBSCRIBE
 * issued between its 'connect' and 'ready' states straight to the socket, because Redis accepts it
 * while loading. The connection is then in subscriber mode when ioredis sends its own ready check
 * (INFO): the check is refused, the connection is recycled, and the subscription is gone although
 * the caller's promise may have resolved. A gateway that started in that window never heard of a
 * config change again until its slow poll. Issued after 'ready', the subscription is kept, and
 * ioredis renews it itself after every reconnect.
 *
 * Rejects if the client ends before it was ever ready, or if Redis refuses the subscription.
 */
export function subscribeWhenReady(client: Redis | Cluster, channel: string): Promise<void> {
  const subscribe = () => client.subscribe(channel).then(() => undefined);
  if (client.status === 'ready') return subscribe();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off('end', onEnd);
      subscribe().then(resolve, reject);
    };
    const onEnd = () => {
      client.off('ready', onReady);
      reject(new Error(`the Redis connection closed before it was ready; not subscribed to ${channel}`));
    };
    client.once('ready', onReady);
    client.once('end', onEnd);
  });
}
