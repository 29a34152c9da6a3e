import type { Cluster, Redis } from 'ioredis';

/**
 * Resolves true once `client` is ready for commands (connected, and for a Cluster, slots known and
 * the cluster state checked), or false when `timeoutMs` passes first. Never rejects: a caller that
 * must start while Redis is away decides what to do with false.
 */
export function waitUntilReady(client: Redis | Cluster, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}
