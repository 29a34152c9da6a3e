import type { Redis } from 'ioredis';
import type { Logger } from '@sluice/observability';

/**
 * Logs a connection's errors as one structured warning per outage (and a note when it is ready
 * again); the retries in between go to debug. Without a listener ioredis prints every retry's error
 * to stderr as an unstructured "Unhandled error event".
 */
export function logRedisErrors(client: Redis, connection: string, logger: Logger): Redis {
  let failing = false;
  client.on('error', (error: Error) => {
    if (failing) {
      logger.debug({ err: error, connection }, 'Redis connection error (retrying)');
      return;
    }
    failing = true;
    logger.warn({ err: error, connection }, 'Redis connection error; retrying in the background');
  });
  client.on('ready', () => {
    if (failing) logger.info({ connection }, 'Redis connection ready again');
    failing = false;
  });
  return client;
}
