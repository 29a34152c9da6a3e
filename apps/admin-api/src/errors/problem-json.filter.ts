import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '@sluice/db';
import type { Logger } from '@sluice/observability';
import { Problem } from './problem';

/** Seconds a client should wait before retrying while Postgres is unreachable. */
export const DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  const status = error instanceof HttpException ? error.getStatus() : (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return new Problem(404, 'not-found', 'No resource or route matches this URL.');
    if (status === 413) return new Problem(413, 'payload-too-large', 'The request body is too large.');
    if (status === 415) return new Problem(415, 'unsupported-media-type', 'Send the request body as application/json.');
    if (status === 400) return new Problem(400, 'malformed-request', 'The request body is not valid JSON.');
    return new Problem(status, 'client-error', error instanceof Error ? error.message : 'The request was rejected.');
  }
  if (isDatabaseUnavailable(error)) return new Problem(503, 'service-unavailable', 'The database is unreachable right now; retry shortly.');
  return new Problem(500, 'internal', 'The server failed to process the request. It has been logged.');
}

/** Every error the admin API returns is application/problem+json. */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(exception);
    if (problem.status === 503 && problem.slug === 'service-unavailable') {
      this.logger.warn({ err: exception, url: request.url }, 'database unreachable');
      void reply.header('retry-after', String(DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500) this.logger.error({ err: exception, url: request.url }, 'unhandled admin API error');
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem.toBody(request.url.split('?')[0]));
  }
}
