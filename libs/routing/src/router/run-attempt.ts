import type { RoutingErrorKind } from '@sluice/contracts';
import type { RoutableDeployment } from '../deployment';
import type { Clock, Timers } from '../runtime/runtime';
import { RoutedAttemptError } from './routing-errors';

/** What the attempt function gets for one try on one deployment. */
export interface AttemptContext<D extends RoutableDeployment> {
  deployment: D;
  /** The model alias this deployment serves (the requested one or a fallback). */
  modelName: string;
  /** 1 for the first attempt of the request, counting retries and fallbacks. */
  attempt: number;
  /** Aborted on client cancellation or when this attempt's time is up; pass it to the upstream call. */
  signal: AbortSignal;
  /**
   * Call right before the first byte goes to the client. Returns false when the attempt was already
   * abandoned (then write nothing). From a granted commit on, the attempt timeout stops, and any
   * failure is final: the router never retries a response the client has started to receive.
   */
  commit(): boolean;
  /** Tokens used on this deployment (prompt + completion), for usage-based routing. */
  reportTokens(tokens: number): void;
}

export type AttemptFn<D extends RoutableDeployment, T> = (context: AttemptContext<D>) => Promise<T>;

export type AttemptOutcome<T> =
  | { status: 'success'; value: T; durationMs: number; timeToFirstByteMs: number | undefined }
  | { status: 'cancelled'; error: unknown; durationMs: number }
  | AttemptFailure;

export interface AttemptFailure {
  status: 'failure';
  kind: RoutingErrorKind;
  retryAfterMs: number | undefined;
  committed: boolean;
  error: unknown;
  durationMs: number;
}

export interface RunAttemptOptions {
  /** The request's signal (client cancellation). */
  signal: AbortSignal;
  timeoutMs: number;
  clock: Clock;
  timers: Timers;
  onTokens(tokens: number): void;
}

/**
 * Runs one attempt with its timeout and the client's cancellation, and classifies how it ended.
 * The router stops waiting as soon as the attempt's signal aborts, even if the attempt function
 * ignores the signal. Never rejects.
 */
export async function runAttempt<D extends RoutableDeployment, T>(
  fn: AttemptFn<D, T>,
  deployment: D,
  modelName: string,
  attempt: number,
  options: RunAttemptOptions,
): Promise<AttemptOutcome<T>> {
  const { signal: requestSignal, timeoutMs, clock, timers } = options;
  const started = clock();
  const controller = new AbortController();
  let committedAt: number | undefined;
  let timedOut = false;
  const onCancel = (): void => controller.abort(requestSignal.reason);
  requestSignal.addEventListener('abort', onCancel, { once: true });
  const timer = timers.setTimeout(() => {
    timedOut = true;
    controller.abort(new RoutedAttemptError('timeout', { message: `attempt timed out after ${timeoutMs} ms` }));
  }, timeoutMs);
  const context: AttemptContext<D> = {
    deployment,
    modelName,
    attempt,
    signal: controller.signal,
    commit: () => {
      if (controller.signal.aborted) return false;
      if (committedAt === undefined) {
        committedAt = clock();
        timers.clearTimeout(timer);
      }
      return true;
    },
    reportTokens: options.onTokens,
  };
  try {
    const value = await untilAborted(invoke(fn, context), controller.signal);
    return { status: 'success', value, durationMs: clock() - started, timeToFirstByteMs: committedAt === undefined ? undefined : committedAt - started };
  } catch (error) {
    const durationMs = clock() - started;
    const committed = committedAt !== undefined || (error instanceof RoutedAttemptError && error.committed);
    if (requestSignal.aborted) return { status: 'cancelled', error, durationMs };
    if (timedOut) return { status: 'failure', kind: 'timeout', retryAfterMs: undefined, committed, error, durationMs };
    if (error instanceof RoutedAttemptError) {
      return { status: 'failure', kind: error.kind, retryAfterMs: error.retryAfterMs, committed, error, durationMs };
    }
    // An unclassified throw: treated as a server-side failure of this deployment.
    return { status: 'failure', kind: 'server', retryAfterMs: undefined, committed, error, durationMs };
  } finally {
    timers.clearTimeout(timer);
    requestSignal.removeEventListener('abort', onCancel);
  }
}

function invoke<D extends RoutableDeployment, T>(fn: AttemptFn<D, T>, context: AttemptContext<D>): Promise<T> {
  try {
    return fn(context);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
