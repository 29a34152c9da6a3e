import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from '@sluice/observability';
import { logRedisErrors } from './log-redis-errors';

describe('logRedisErrors', () => {
  it('warns once per outage, sends the retries to debug, and notes the recovery', () => {
    const client = new EventEmitter();
    const logger = { warn: jest.fn(), debug: jest.fn(), info: jest.fn() };
    logRedisErrors(client as unknown as Redis, 'limits', logger as unknown as Logger);
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');

    client.emit('error', refused);
    client.emit('error', refused);
    client.emit('error', refused);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith({ err: refused, connection: 'limits' }, 'Redis connection error; retrying in the background');
    expect(logger.debug).toHaveBeenCalledTimes(2);

    client.emit('ready');
    expect(logger.info).toHaveBeenCalledWith({ connection: 'limits' }, 'Redis connection ready again');
    client.emit('ready');
    expect(logger.info).toHaveBeenCalledTimes(1);

    client.emit('error', refused);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('is the listener that keeps ioredis from printing an unhandled error event', () => {
    const client = new EventEmitter();
    logRedisErrors(client as unknown as Redis, 'cache', { warn: jest.fn(), debug: jest.fn(), info: jest.fn() } as unknown as Logger);
    expect(client.listenerCount('error')).toBe(1);
    expect(() => client.emit('error', new Error('boom'))).not.toThrow();
  });
});
