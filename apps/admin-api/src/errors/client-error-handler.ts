import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers requests Node's HTTP parser refuses before any route runs (oversized headers, malformed
 * framing, a body that never arrives) with problem+json, like every other admin API error.
 */
export function writeProblemClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const slug = status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'malformed-request';
  const detail = status === 431 ? 'The request headers are too large.' : status === 408 ? 'The request was not received in time.' : 'The request is not valid HTTP/1.1.';
  const body = JSON.stringify({ type: `urn:sluice:problem:${slug}`, title: STATUS_CODES[status], status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Fastify's own routing refusals (an undecodable URL, an over-long path parameter) as problem+json. */
export function problemFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail = status === 414 ? 'A path segment is too long.' : 'The request URL is not valid.';
  void reply
    .code(status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({ type: 'urn:sluice:problem:invalid-url', title: STATUS_CODES[status], status, detail, instance: request.url.slice(0, 200) });
}
