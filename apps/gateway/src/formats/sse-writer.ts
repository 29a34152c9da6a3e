import type { FastifyReply } from 'fastify';
import type { ServedBy } from '../proxy/chat-responder';

export function servedByHeaders(servedBy: ServedBy): Record<string, string> {
  return {
    'x-sluice-model': servedBy.modelName,
    'x-sluice-provider': servedBy.providerName,
    'x-sluice-deployment': servedBy.deploymentId,
  };
}

/** Takes the raw response over from Fastify and starts an event stream with the headers set so far. */
export function openSse(reply: FastifyReply, servedBy: ServedBy): void {
  reply.hijack();
  reply.raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    ...servedByHeaders(servedBy),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  reply.raw.flushHeaders();
}
