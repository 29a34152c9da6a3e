import type { FastifyInstance } from 'fastify';

/**
 * `server-timing: total;dur=<ms>` on every answer sent whole (JSON, errors): the time since the
 * request arrived. Set as the answer goes out, because a header added after `reply.send()` is lost.
 * Streams take the raw response over and carry none.
 */
export function addServerTimingHeader(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('server-timing', `total;dur=${reply.elapsedTime.toFixed(2)}`);
    done(null, payload);
  });
}
