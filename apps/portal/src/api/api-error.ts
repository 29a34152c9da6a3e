import { problemDetailsSchema, type ProblemDetails } from '@sluice/contracts';

/** A failed admin API call, worded for the person looking at the page. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly problem?: ProblemDetails,
  ) {
    super(message);
  }

  /** Field-level validation messages (`path: message`), when the admin API sent them. */
  get fieldErrors(): Array<{ path: string; message: string }> {
    return this.problem?.errors ?? [];
  }
}

const FALLBACK_BY_STATUS: Record<number, string> = {
  400: 'The request was not accepted. Check the values you entered.',
  401: 'Your session has ended. Sign in again.',
  403: 'Your role does not allow this. Ask an administrator of your organization for access.',
  404: 'It does not exist, or you do not have access to it.',
  409: 'It was changed in the meantime. Reload the page and try again.',
  429: 'Too many attempts. Wait a few minutes and try again.',
  502: 'The portal could not reach the admin API. Try again in a moment; if it persists, tell your administrator.',
  503: 'The service is temporarily unavailable. Try again in a moment.',
};

/** Turns a non-2xx answer into an ApiError, preferring the admin API's own problem+json detail. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const parsed = problemDetailsSchema.safeParse(body);
  const problem = parsed.success ? parsed.data : undefined;
  const message = problem?.detail ?? FALLBACK_BY_STATUS[status] ?? problem?.title ?? `The request failed (HTTP ${status}).`;
  return new ApiError(message, status, problem);
}
