import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers requests Node's HTTP parser refuses before any route runs (oversized headers, malformed
 * or smuggling-shaped framing, a body that never arrives) in the OpenAI error format, like every
 * other gateway error, instead of Fastify's default JSON shape.
 */
export function writeGatewayClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message =
    status === 431 ? 'The request headers are too large.' : status === 408 ? 'The request was not received in time.' : 'The request is not valid HTTP/1.1.';
  // The request line, when the parser got that far: Anthropic's endpoints answer in Anthropic's format.
  const head = (error as { rawPacket?: Buffer }).rawPacket?.toString('latin1', 0, 64) ?? '';
  const body = /^[A-Z]+ \/v1\/messages/.test(head)
    ? JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } })
    : JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: status === 408 ? 'request_timeout' : 'malformed_request' } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Fastify's own routing refusals (an undecodable URL, a path parameter over the length limit) in
 * the caller's error format.
 */
export function gatewayFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = status === 414 ? 'A path segment is too long.' : 'The request URL is not valid.';
  const body = request.url.startsWith('/v1/messages')
    ? { type: 'error', error: { type: 'invalid_request_error', message } }
    : { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_url' } };
  void reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
}
