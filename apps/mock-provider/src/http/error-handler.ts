import type { FastifyError, FastifyInstance } from 'fastify';
import type { ProviderDialect } from './provider-call';

/**
 * Errors Fastify raises before a handler runs (malformed JSON, wrong content type, body too large)
 * and unexpected failures, answered in the provider's own error format.
 */
export function useDialectErrorHandler(app: FastifyInstance, dialect: ProviderDialect): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'mock provider handler failed');
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError
        ? `We could not parse the JSON body of your request. (${error.message})`
        : status >= 500
          ? 'The mock provider had an internal error.'
          : error.message;
    return dialect.sendError(reply, status, message);
  });
}
