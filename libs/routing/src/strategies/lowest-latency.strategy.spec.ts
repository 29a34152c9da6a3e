import { seededRandom } from '../runtime/runtime';
import { DeploymentStats } from '../stats/deployment-stats';
import { selectLowestLatency } from './lowest-latency.strategy';

const dep = (id: string) => ({ id, weight: 1, priority: 0, timeoutMs: 1_000 });

describe('selectLowestLatency', () => {
  const deployments = [dep('slow'), dep('fast'), dep('new')];

  it('measures never-measured deployments first, then prefers the fastest moving average', () => {
    const stats = new DeploymentStats();
    stats.recordLatency('slow', 900);
    stats.recordLatency('fast', 100);
    const ctx = { stats, random: () => 0.5, explorationRate: 0.05 };
    expect(selectLowestLatency(deployments, () => true, ctx)?.id).toBe('new');
    stats.recordLatency('new', 400);
    expect(selectLowestLatency(deployments, () => true, ctx)?.id).toBe('fast');
    expect(selectLowestLatency(deployments, (d) => d.id !== 'fast', ctx)?.id).toBe('new');
  });

  it('follows the average when a deployment slows down', () => {
    const stats = new DeploymentStats({ latencyAlpha: 0.5 });
    stats.recordLatency('slow', 300);
    stats.recordLatency('fast', 100);
    stats.recordLatency('new', 200);
    const ctx = { stats, random: () => 0.5, explorationRate: 0 };
    expect(selectLowestLatency(deployments, () => true, ctx)?.id).toBe('fast');
    stats.recordLatency('fast', 700); // average 400
    expect(selectLowestLatency(deployments, () => true, ctx)?.id).toBe('new');
  });

  it('breaks latency ties by fewer requests in flight', () => {
    const stats = new DeploymentStats();
    stats.begin('slow');
    const ctx = { stats, random: () => 0.5, explorationRate: 0 };
    expect(selectLowestLatency([dep('slow'), dep('fast')], () => true, ctx)?.id).toBe('fast');
  });

  it('re-explores: about explorationRate of picks go to slower deployments', () => {
    const stats = new DeploymentStats();
    stats.recordLatency('slow', 900);
    stats.recordLatency('fast', 100);
    stats.recordLatency('new', 500);
    const ctx = { stats, random: seededRandom(3), explorationRate: 0.1 };
    let other = 0;
    for (let i = 0; i < 10_000; i++) if (selectLowestLatency(deployments, () => true, ctx)!.id !== 'fast') other += 1;
    // exploration is weighted random over all three, so 2/3 of the 10 % lands elsewhere
    expect(Math.abs(other / 10_000 - 0.1 * (2 / 3))).toBeLessThan(0.01);
  });
});
