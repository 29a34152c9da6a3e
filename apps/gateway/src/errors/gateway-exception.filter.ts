import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@sluice/observability';
import { TranslationError } from '@sluice/providers';
import { isAnthropicClient, isAnthropicRoute, toAnthropicError } from './anthropic-error';
import { GatewayError } from './gateway-error';

/** Turns anything thrown on a route into a gateway error; never leaks internals. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof TranslationError) return GatewayError.invalidRequest(error.message, error.param, error.code);
  const fastifyStatus = (error as { statusCode?: number } | null)?.statusCode;
  if (error instanceof HttpException || (typeof fastifyStatus === 'number' && fastifyStatus < 500)) {
    const status = error instanceof HttpException ? error.getStatus() : (fastifyStatus as number);
    // OpenAI answers an unknown URL with a 404 of type invalid_request_error ("Invalid URL (GET /v1/…)").
    if (status === 404) return new GatewayError(404, 'invalid_request_error', 'unknown_url', 'Invalid URL: the gateway has no such endpoint. See https://platform.openai.com/docs/api-reference for the supported routes.');
    if (status === 413) return new GatewayError(413, 'invalid_request_error', 'request_too_large', 'The request body is too large.');
    if (status === 415) return new GatewayError(415, 'invalid_request_error', 'unsupported_media_type', 'Send the request body as application/json.');
    if (status === 405) return new GatewayError(405, 'invalid_request_error', 'method_not_allowed', 'This method is not allowed on this endpoint.');
    if (status < 500) return GatewayError.invalidRequest('The request body is not valid JSON.', null, 'invalid_json');
  }
  return new GatewayError(500, 'api_error', 'internal_error', 'The gateway failed to process the request.');
}

@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const error = toGatewayError(exception);
    if (!(exception instanceof GatewayError) && error.status >= 500) this.logger.error({ err: exception, url: request.url }, 'unhandled gateway error');
    else if (error.status >= 500) this.logger.warn({ code: error.code, status: error.status, url: request.url }, error.message);
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    // The models routes are shared: Anthropic's SDK (it sends anthropic-version) gets Anthropic's error shape there too.
    const anthropic = isAnthropicRoute(request.url) || (request.url.startsWith('/v1/models') && isAnthropicClient(request.headers));
    const body = anthropic ? toAnthropicError(error) : error.toOpenAi();
    void reply.status(error.status).headers(error.headers).send(body);
  }
}
