import type { FastifyReply } from 'fastify';
import type { ProviderDialect } from '../http/provider-call';

/** Bedrock Runtime's exception for each status it answers with (Converse / ConverseStream reference). */
const EXCEPTION_BY_STATUS: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** Exceptions a test may ask for by name (`x-mock-error-type`), e.g. ModelNotReadyException for a 429. */
const KNOWN_EXCEPTIONS = new Set([
  ...Object.values(EXCEPTION_BY_STATUS),
  'ModelNotReadyException',
  'ServiceQuotaExceededException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);

const ERROR_TYPE_HEADER = 'x-mock-error-type';

/** AWS's `x-amzn-errortype` value: the exception name, a colon and the service namespace. */
function errorTypeHeader(exception: string): string {
  return `${exception}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
}

export function exceptionForStatus(status: number): string {
  return EXCEPTION_BY_STATUS[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
}

/** Bedrock's restJson1 error: the exception in `x-amzn-errortype`, `{"message": ...}` as the body. */
export function sendBedrockError(reply: FastifyReply, status: number, message: string, exception = exceptionForStatus(status)): FastifyReply {
  return reply
    .code(status)
    .header('x-amzn-errortype', errorTypeHeader(exception))
    .header('content-type', 'application/json')
    .send({ message });
}

/** The exception an injected error gets: the one named by `x-mock-error-type`, else the status's own. */
export function injectedException(headerValue: string | string[] | undefined, status: number): string {
  const named = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  return named && KNOWN_EXCEPTIONS.has(named) ? named : exceptionForStatus(status);
}

export const bedrockDialect: ProviderDialect = {
  sendError: (reply, status, message) => sendBedrockError(reply, status, message, injectedException(reply.request.headers[ERROR_TYPE_HEADER], status)),
};
