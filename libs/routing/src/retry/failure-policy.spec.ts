import { fallbackTriggersSchema, retryPolicySchema, routingErrorKindSchema } from '@sluice/contracts';
import { failureScope, isRetryable, triggersModelFallback } from './failure-policy';

describe('failure policy', () => {
  const retry = retryPolicySchema.parse({});

  it('retries server errors, timeouts, rate limits and connection errors on the same deployment by default', () => {
    const retried = routingErrorKindSchema.options.filter((k) => isRetryable(k, retry));
    expect(retried.sort()).toEqual(['connection', 'rate_limit', 'server', 'timeout']);
  });

  it('never retries final or model-level kinds, even when listed', () => {
    const everything = { retryOn: routingErrorKindSchema.options };
    expect(isRetryable('invalid_request', everything)).toBe(false);
    expect(isRetryable('auth', everything)).toBe(false);
    expect(isRetryable('context_window_exceeded', everything)).toBe(false);
    expect(isRetryable('not_found', everything)).toBe(true);
    expect(isRetryable('rate_limit', { retryOn: ['server'] })).toBe(false);
  });

  it('sends model refusals straight to fallback models and caller errors nowhere', () => {
    expect(failureScope('context_window_exceeded')).toBe('model');
    expect(failureScope('content_policy')).toBe('model');
    expect(failureScope('invalid_request')).toBe('final');
    expect(failureScope('auth')).toBe('final');
    expect(failureScope('rate_limit')).toBe('deployment');
  });

  it('maps each kind onto its configurable fallback trigger', () => {
    const all = fallbackTriggersSchema.parse({});
    const only = (trigger: keyof typeof all) => ({ ...fallbackTriggersSchema.parse({ errors: false, rate_limits: false, timeouts: false, context_window_exceeded: false, content_policy: false }), [trigger]: true });
    expect(triggersModelFallback('server', all)).toBe(true);
    expect(triggersModelFallback('auth', all)).toBe(false);
    expect(triggersModelFallback('rate_limit', only('rate_limits'))).toBe(true);
    expect(triggersModelFallback('server', only('rate_limits'))).toBe(false);
    expect(triggersModelFallback('timeout', only('timeouts'))).toBe(true);
    expect(triggersModelFallback('connection', only('errors'))).toBe(true);
    expect(triggersModelFallback('not_found', only('errors'))).toBe(true);
    expect(triggersModelFallback('context_window_exceeded', only('context_window_exceeded'))).toBe(true);
    expect(triggersModelFallback('content_policy', only('context_window_exceeded'))).toBe(false);
    expect(triggersModelFallback('content_policy', only('content_policy'))).toBe(true);
  });
});
