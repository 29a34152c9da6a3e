import { cooldownPolicySchema } from '@sluice/contracts';
import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const policy = cooldownPolicySchema.parse({ failureThreshold: 3, windowMs: 10_000, cooldownMs: 1_000, maxCooldownMs: 3_000, backoffMultiplier: 2 });
  const breaker = () => new CircuitBreaker({ policy, clock: () => now });
  beforeEach(() => {
    now = 0;
  });

  const trip = (b: CircuitBreaker) => {
    for (let i = 0; i < 3; i++) b.recordFailure('d', 'server');
  };

  it('opens after the threshold of counted failures within the window', () => {
    const b = breaker();
    b.recordFailure('d', 'server');
    b.recordFailure('d', 'rate_limit');
    expect(b.state('d')).toBe('closed');
    b.recordFailure('d', 'timeout');
    expect(b.state('d')).toBe('open');
    expect(b.canAttempt('d')).toBe(false);
    expect(b.canAttempt('other')).toBe(true);
  });

  it('forgets failures older than the window and ignores kinds that are the caller’s fault', () => {
    const b = breaker();
    b.recordFailure('d', 'server');
    b.recordFailure('d', 'server');
    now = 10_000;
    b.recordFailure('d', 'server');
    expect(b.state('d')).toBe('closed');
    b.recordFailure('d', 'invalid_request');
    b.recordFailure('d', 'context_window_exceeded');
    expect(b.state('d')).toBe('closed');
    b.recordFailure('d', 'connection');
    b.recordFailure('d', 'connection');
    expect(b.state('d')).toBe('open');
  });

  it('after the cooldown lets exactly one probe through, and closes on its success', () => {
    const b = breaker();
    trip(b);
    now = 999;
    expect(b.canAttempt('d')).toBe(false);
    now = 1_000;
    expect(b.state('d')).toBe('half-open');
    expect(b.canAttempt('d')).toBe(true);
    b.onAttemptStart('d');
    expect(b.canAttempt('d')).toBe(false);
    b.recordSuccess('d');
    expect(b.state('d')).toBe('closed');
    expect(b.canAttempt('d')).toBe(true);
    b.recordFailure('d', 'server');
    b.recordFailure('d', 'server');
    expect(b.state('d')).toBe('closed');
  });

  it('re-opens on a failed probe with a growing, capped cooldown', () => {
    const b = breaker();
    trip(b);
    now = 1_000;
    b.onAttemptStart('d');
    b.recordFailure('d', 'server');
    expect(b.state('d')).toBe('open');
    now = 2_999;
    expect(b.canAttempt('d')).toBe(false); // 2 s cooldown
    now = 3_000;
    b.onAttemptStart('d');
    b.recordFailure('d', 'timeout');
    now = 5_999;
    expect(b.canAttempt('d')).toBe(false); // 4 s capped at 3 s
    now = 6_000;
    expect(b.canAttempt('d')).toBe(true);
    b.onAttemptStart('d');
    b.recordSuccess('d');
    trip(b);
    now = 6_999;
    expect(b.canAttempt('d')).toBe(false);
    now = 7_000;
    expect(b.canAttempt('d')).toBe(true); // back to the base cooldown after closing
  });

  it('frees the probe slot when the probe ends without a verdict', () => {
    const b = breaker();
    trip(b);
    now = 1_000;
    b.onAttemptStart('d');
    b.release('d');
    expect(b.canAttempt('d')).toBe(true);
    b.onAttemptStart('d');
    b.recordFailure('d', 'invalid_request');
    expect(b.state('d')).toBe('half-open');
    expect(b.canAttempt('d')).toBe(true);
  });

  it('ignores outcomes of requests that started before it opened', () => {
    const b = breaker();
    trip(b);
    b.recordSuccess('d');
    b.recordFailure('d', 'server');
    expect(b.state('d')).toBe('open');
    now = 1_000;
    expect(b.canAttempt('d')).toBe(true);
  });
});
