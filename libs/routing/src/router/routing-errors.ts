import type { RoutingErrorKind } from '@sluice/contracts';

export interface RoutedAttemptErrorOptions {
  message?: string;
  /** The upstream's `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  /** True once the first byte of the response went to the client: the failure is then final. */
  committed?: boolean;
  cause?: unknown;
}

/** What an attempt function throws: the classified upstream failure. */
export class RoutedAttemptError extends Error {
  override readonly name = 'RoutedAttemptError';
  readonly retryAfterMs: number | undefined;
  readonly committed: boolean;

  constructor(
    readonly kind: RoutingErrorKind,
    options: RoutedAttemptErrorOptions = {},
  ) {
    super(options.message ?? `upstream failure: ${kind}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.committed = options.committed ?? false;
  }
}

export interface AttemptRecord {
  deploymentId: string;
  modelName: string;
  outcome: 'success' | 'error' | 'cancelled';
  kind?: RoutingErrorKind;
  durationMs: number;
}

/**
 * Why routing gave up:
 * - `exhausted`: every eligible deployment and allowed fallback failed (see `kind`);
 * - `final_error`: a failure no other deployment would change (`invalid_request`, `auth`);
 * - `committed`: the response had started reaching the client when it failed;
 * - `total_timeout`: the total budget ran out (`kind` is `timeout`);
 * - `cancelled`: the client went away;
 * - `no_deployment`: nothing could be tried (none configured, or all cooling down).
 */
export type RoutingFailureReason = 'exhausted' | 'final_error' | 'committed' | 'total_timeout' | 'cancelled' | 'no_deployment';

/** Thrown by the router when it gives up; carries what the gateway needs to pick a status. */
export class RoutingFailedError extends Error {
  override readonly name = 'RoutingFailedError';

  constructor(
    readonly reason: RoutingFailureReason,
    /** The last classified failure kind; undefined when no attempt failed with one. */
    readonly kind: RoutingErrorKind | undefined,
    readonly attempts: readonly AttemptRecord[],
    readonly retryAfterMs: number | undefined,
    cause: unknown,
  ) {
    super(`routing failed (${reason}${kind ? `, last error ${kind}` : ''}) after ${attempts.length} attempt(s)`, cause === undefined ? undefined : { cause });
  }
}
