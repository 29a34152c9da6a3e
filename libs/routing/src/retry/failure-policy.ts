import type { FallbackTriggers, RetryPolicy, RoutingErrorKind } from '@sluice/contracts';

/** What the router does once a deployment is done with (retries exhausted or not retryable). */
export type FailureScope =
  /** Try the alias's other deployments, then its fallback models. */
  | 'deployment'
  /** The model itself refused: skip the alias's other deployments, go to its fallback models. */
  | 'model'
  /** The caller's mistake: no other deployment or model would answer differently. */
  | 'final';

const SCOPE: Record<RoutingErrorKind, FailureScope> = {
  rate_limit: 'deployment',
  server: 'deployment',
  timeout: 'deployment',
  connection: 'deployment',
  not_found: 'deployment',
  context_window_exceeded: 'model',
  content_policy: 'model',
  invalid_request: 'final',
  auth: 'final',
};

export function failureScope(kind: RoutingErrorKind): FailureScope {
  return SCOPE[kind];
}

/** Whether the same deployment is tried again for this kind (final and model-level kinds never are). */
export function isRetryable(kind: RoutingErrorKind, policy: Pick<RetryPolicy, 'retryOn'>): boolean {
  return SCOPE[kind] === 'deployment' && policy.retryOn.includes(kind);
}

/** Whether this kind of failure may move the request on to a fallback model. */
export function triggersModelFallback(kind: RoutingErrorKind, triggers: FallbackTriggers): boolean {
  switch (kind) {
    case 'rate_limit':
      return triggers.rate_limits;
    case 'timeout':
      return triggers.timeouts;
    case 'context_window_exceeded':
      return triggers.context_window_exceeded;
    case 'content_policy':
      return triggers.content_policy;
    case 'server':
    case 'connection':
    case 'not_found':
      return triggers.errors;
    case 'invalid_request':
    case 'auth':
      return false;
  }
}
