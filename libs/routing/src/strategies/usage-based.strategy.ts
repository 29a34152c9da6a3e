import type { RoutableDeployment } from '../deployment';
import type { DeploymentStats } from '../stats/deployment-stats';
import type { SelectDeployment } from './selection';
import { weightedPick } from './weighted-pick';

/**
 * Share of the deployment's per-minute capacity still free this minute (the tighter of rpm and tpm);
 * 1 when it declares no capacity, negative when it is over.
 */
export function headroom(deployment: RoutableDeployment, stats: DeploymentStats): number {
  let free = 1;
  if (deployment.rpm !== undefined) free = Math.min(free, 1 - stats.requestsThisMinute(deployment.id) / deployment.rpm);
  if (deployment.tpm !== undefined) free = Math.min(free, 1 - stats.tokensThisMinute(deployment.id) / deployment.tpm);
  return free;
}

/**
 * Most remaining rpm/tpm headroom in the current minute, relative to each deployment's capacity, so
 * traffic spreads in proportion to capacity; ties broken by weight. When every deployment is over
 * capacity the least-over one is still chosen (the upstream has the last word).
 */
export const selectUsageBased: SelectDeployment = (deployments, eligible, { stats, random }) => {
  let most = Number.NEGATIVE_INFINITY;
  for (const d of deployments) {
    if (!eligible(d)) continue;
    const free = headroom(d, stats);
    if (free > most) most = free;
  }
  if (most === Number.NEGATIVE_INFINITY) return undefined;
  return weightedPick(deployments, (d) => eligible(d) && headroom(d, stats) === most, random);
};
