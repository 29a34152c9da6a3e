import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toProblem } from '../errors/problem-json.filter';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export type ScimErrorType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue';

/** An RFC 7644 §3.12 error: SCIM routes answer with these, never problem+json. */
export class ScimError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly scimType?: ScimErrorType) {
    super(detail);
    this.name = 'ScimError';
  }
}

/** Renders any error on a SCIM route in the SCIM error format. */
@Catch()
export class ScimErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = exception instanceof ScimError ? exception : fromOther(exception);
    void reply
      .status(error.status)
      .header('content-type', SCIM_CONTENT_TYPE)
      .send({ schemas: [SCIM_ERROR_SCHEMA], status: String(error.status), detail: error.detail, ...(error.scimType ? { scimType: error.scimType } : {}) });
  }
}

function fromOther(exception: unknown): ScimError {
  const problem = toProblem(exception);
  return new ScimError(problem.status, problem.detail, problem.status === 400 ? 'invalidSyntax' : undefined);
}
