import { seededRandom } from '../runtime/runtime';
import { DeploymentStats } from '../stats/deployment-stats';
import { selectWeighted } from './weighted.strategy';

const dep = (id: string, weight: number) => ({ id, weight, priority: 0, timeoutMs: 1_000 });

describe('selectWeighted', () => {
  const deployments = [dep('a', 1), dep('b', 3), dep('c', 6)];

  it('draws in proportion to weight (10,000 seeded draws, within 1.5 points)', () => {
    const context = { stats: new DeploymentStats(), random: seededRandom(42), explorationRate: 0 };
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[selectWeighted(deployments, () => true, context)!.id] += 1;
    expect(Math.abs(counts.a / 10_000 - 0.1)).toBeLessThan(0.015);
    expect(Math.abs(counts.b / 10_000 - 0.3)).toBeLessThan(0.015);
    expect(Math.abs(counts.c / 10_000 - 0.6)).toBeLessThan(0.015);
  });

  it('maps the random point onto cumulative weights exactly', () => {
    const at = (r: number) => selectWeighted(deployments, () => true, { stats: new DeploymentStats(), random: () => r, explorationRate: 0 })?.id;
    expect(at(0)).toBe('a');
    expect(at(0.0999)).toBe('a');
    expect(at(0.1)).toBe('b');
    expect(at(0.3999)).toBe('b');
    expect(at(0.4)).toBe('c');
    expect(at(0.99999)).toBe('c');
  });

  it('only draws among eligible deployments, and returns undefined when there is none', () => {
    const context = { stats: new DeploymentStats(), random: () => 0.05, explorationRate: 0 };
    expect(selectWeighted(deployments, (d) => d.id !== 'a', context)?.id).toBe('b');
    expect(selectWeighted(deployments, () => false, context)).toBeUndefined();
  });
});
