import { DeploymentStats } from '../stats/deployment-stats';
import { selectLeastBusy } from './least-busy.strategy';

const dep = (id: string, weight = 1) => ({ id, weight, priority: 0, timeoutMs: 1_000 });

describe('selectLeastBusy', () => {
  const deployments = [dep('a'), dep('b'), dep('c', 3)];

  it('chooses the deployment with the fewest requests in flight', () => {
    const stats = new DeploymentStats();
    stats.begin('a');
    stats.begin('a');
    stats.begin('c');
    expect(selectLeastBusy(deployments, () => true, { stats, random: () => 0.99, explorationRate: 0 })?.id).toBe('b');
    stats.begin('b');
    stats.begin('b');
    stats.end('a');
    stats.end('a');
    expect(selectLeastBusy(deployments, () => true, { stats, random: () => 0.99, explorationRate: 0 })?.id).toBe('a');
  });

  it('breaks ties by weight and skips ineligible deployments', () => {
    const stats = new DeploymentStats();
    expect(selectLeastBusy(deployments, () => true, { stats, random: () => 0.1, explorationRate: 0 })?.id).toBe('a');
    expect(selectLeastBusy(deployments, () => true, { stats, random: () => 0.5, explorationRate: 0 })?.id).toBe('c');
    expect(selectLeastBusy(deployments, (d) => d.id === 'b', { stats, random: () => 0.5, explorationRate: 0 })?.id).toBe('b');
    expect(selectLeastBusy(deployments, () => false, { stats, random: () => 0.5, explorationRate: 0 })).toBeUndefined();
  });
});
