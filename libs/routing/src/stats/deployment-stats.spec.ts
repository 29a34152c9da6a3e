import { DeploymentStats } from './deployment-stats';

describe('DeploymentStats', () => {
  let now = 0;
  const stats = (): DeploymentStats => new DeploymentStats({ clock: () => now, latencyAlpha: 0.5 });
  beforeEach(() => {
    now = 1_000;
  });

  it('tracks requests in flight between begin and end, never below zero', () => {
    const s = stats();
    s.begin('a');
    s.begin('a');
    s.end('a');
    expect(s.inFlight('a')).toBe(1);
    s.end('a');
    s.end('a');
    expect(s.inFlight('a')).toBe(0);
    expect(s.inFlight('unknown')).toBe(0);
  });

  it('keeps an exponentially weighted moving average of latency', () => {
    const s = stats();
    expect(s.latencyMs('a')).toBeUndefined();
    s.recordLatency('a', 100);
    expect(s.latencyMs('a')).toBe(100);
    s.recordLatency('a', 300);
    expect(s.latencyMs('a')).toBe(200);
    s.recordLatency('a', 0);
    expect(s.latencyMs('a')).toBe(100);
  });

  it('counts requests and tokens per wall-clock minute', () => {
    const s = stats();
    s.begin('a');
    s.begin('a');
    s.recordTokens('a', 500);
    expect(s.requestsThisMinute('a')).toBe(2);
    expect(s.tokensThisMinute('a')).toBe(500);
    now = 60_000;
    expect(s.requestsThisMinute('a')).toBe(0);
    expect(s.tokensThisMinute('a')).toBe(0);
    s.recordTokens('a', 7);
    expect(s.tokensThisMinute('a')).toBe(7);
    expect(s.inFlight('a')).toBe(2);
  });

  it('forgets deployments that are no longer configured', () => {
    const s = stats();
    s.begin('a');
    s.begin('b');
    s.retainOnly(new Set(['b']));
    expect(s.inFlight('a')).toBe(0);
    expect(s.inFlight('b')).toBe(1);
  });

  it('rejects an out-of-range smoothing factor', () => {
    expect(() => new DeploymentStats({ latencyAlpha: 0 })).toThrow(RangeError);
  });
});
