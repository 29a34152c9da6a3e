/** While Postgres is unreachable a usage batch is retried at least this far apart… */
export const OUTAGE_RETRY_MIN_MS = 250;
/** …and at most this far apart, so the worker catches up within seconds of Postgres coming back. */
export const OUTAGE_RETRY_MAX_MS = 5000;

/**
 * Delay before the next try of a batch whose write failed because Postgres could not be reached:
 * the usual doubling backoff, capped. Such failures never dead-letter a batch (the batch is not at
 * fault); the worker holds its backlog through the outage and writes it once Postgres is back.
 */
export function outageRetryDelayMs(backoffMs: number, attemptsStarted: number): number {
  return Math.min(OUTAGE_RETRY_MAX_MS, Math.max(OUTAGE_RETRY_MIN_MS, backoffMs * 2 ** Math.max(0, attemptsStarted - 1)));
}
