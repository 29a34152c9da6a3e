import type { RoutableDeployment } from '../deployment';
import type { RandomSource } from '../runtime/runtime';
import type { DeploymentStats } from '../stats/deployment-stats';

/** Whether a deployment may be chosen now (not cooling down, not already tried for this request). */
export type Eligible<D> = (deployment: D) => boolean;

export interface SelectionContext {
  stats: DeploymentStats;
  random: RandomSource;
  /** Share of `lowest-latency` picks made by weighted random instead. */
  explorationRate: number;
}

/**
 * Chooses one eligible deployment, or undefined when none is eligible. Strategies scan the list in
 * place (O(deployments), no copies) so they can run on every request.
 */
export type SelectDeployment = <D extends RoutableDeployment>(
  deployments: readonly D[],
  eligible: Eligible<D>,
  context: SelectionContext,
) => D | undefined;
