import { DeploymentStats } from '../stats/deployment-stats';
import { headroom, selectUsageBased } from './usage-based.strategy';

const dep = (id: string, capacity: { rpm?: number; tpm?: number }) => ({ id, weight: 1, priority: 0, timeoutMs: 1_000, ...capacity });

describe('usage-based selection', () => {
  let now = 0;
  const stats = () => new DeploymentStats({ clock: () => now });

  it('measures headroom as the tighter of the free rpm and tpm shares', () => {
    const s = stats();
    for (let i = 0; i < 30; i++) s.begin('a');
    s.recordTokens('a', 9_000);
    expect(headroom(dep('a', { rpm: 100, tpm: 10_000 }), s)).toBeCloseTo(0.1);
    expect(headroom(dep('a', { rpm: 100 }), s)).toBeCloseTo(0.7);
    expect(headroom(dep('a', {}), s)).toBe(1);
  });

  it('chooses the deployment with the most headroom relative to its capacity', () => {
    const s = stats();
    const big = dep('big', { tpm: 100_000 });
    const small = dep('small', { tpm: 10_000 });
    s.recordTokens('big', 60_000);
    s.recordTokens('small', 2_000);
    const ctx = { stats: s, random: () => 0, explorationRate: 0 };
    expect(selectUsageBased([big, small], () => true, ctx)?.id).toBe('small');
    s.recordTokens('small', 5_000);
    expect(selectUsageBased([big, small], () => true, ctx)?.id).toBe('big');
  });

  it('forgets usage when the minute rolls over and still picks the least-over deployment when all are full', () => {
    const s = stats();
    const a = dep('a', { rpm: 2 });
    const b = dep('b', { rpm: 4 });
    for (let i = 0; i < 3; i++) s.begin('a');
    for (let i = 0; i < 8; i++) s.begin('b');
    const ctx = { stats: s, random: () => 0, explorationRate: 0 };
    expect(selectUsageBased([a, b], () => true, ctx)?.id).toBe('a');
    now = 60_000;
    expect(headroom(b, s)).toBe(1);
    expect(selectUsageBased([a, b], (d) => d.id === 'b', ctx)?.id).toBe('b');
    expect(selectUsageBased([a, b], () => false, ctx)).toBeUndefined();
  });
});
