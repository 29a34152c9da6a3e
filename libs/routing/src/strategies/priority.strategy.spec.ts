import { seededRandom } from '../runtime/runtime';
import { DeploymentStats } from '../stats/deployment-stats';
import { selectByPriority } from './priority.strategy';

const dep = (id: string, priority: number, weight = 1) => ({ id, weight, priority, timeoutMs: 1_000 });

describe('selectByPriority', () => {
  const deployments = [dep('backup', 1), dep('primary-a', 0, 1), dep('primary-b', 0, 3), dep('last', 2)];
  const context = () => ({ stats: new DeploymentStats(), random: seededRandom(7), explorationRate: 0 });

  it('uses only the lowest priority number group, weighted within it', () => {
    const ctx = context();
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4_000; i++) {
      const id = selectByPriority(deployments, () => true, ctx)!.id;
      counts[id] = (counts[id] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['primary-a', 'primary-b']);
    expect(Math.abs(counts['primary-b'] / 4_000 - 0.75)).toBeLessThan(0.03);
  });

  it('moves to the next group only when the whole group is ineligible', () => {
    expect(selectByPriority(deployments, (d) => d.id !== 'primary-a', context())?.id).toBe('primary-b');
    expect(selectByPriority(deployments, (d) => !d.id.startsWith('primary'), context())?.id).toBe('backup');
    expect(selectByPriority(deployments, (d) => d.id === 'last', context())?.id).toBe('last');
    expect(selectByPriority(deployments, () => false, context())).toBeUndefined();
  });
});
