import { tightestLimits } from './rate-limit-headers';

const state = (id: string, limit: number, remaining: number) => ({ id, limit, remaining, resetMs: 1000 });

describe('tightestLimits (which rule the x-ratelimit-* headers describe)', () => {
  it('picks, across scopes, the request and token rules with the least remaining', () => {
    const states = [
      state('key:k:rpm', 100, 90),
      state('key:k:tpm', 10_000, 9_000),
      state('team:t:rpm', 20, 3),
      state('team:t:budget:0', 5_000, 10),
      state('org:o:tpm', 50_000, 400),
      state('team:t:model:gpt-4o:rpm', 50, 40),
    ];
    expect(tightestLimits(states)).toEqual({ requests: state('team:t:rpm', 20, 3), tokens: state('org:o:tpm', 50_000, 400) });
  });

  it('keeps the first of rules with the same remaining, and reports nothing without request or token rules', () => {
    expect(tightestLimits([state('key:k:rpm', 10, 5), state('org:o:rpm', 1000, 5)]).requests?.id).toBe('key:k:rpm');
    expect(tightestLimits([state('team:t:concurrency', 2, 1), state('team:t:budget:0', 100, 50)])).toEqual({ requests: undefined, tokens: undefined });
  });
});
