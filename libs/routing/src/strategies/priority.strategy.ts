import type { SelectDeployment } from './selection';
import { weightedPick } from './weighted-pick';

/**
 * Ordered priority groups: the eligible deployments with the lowest `priority` number, weighted
 * within the group. A group is left only when none of its deployments is eligible.
 */
export const selectByPriority: SelectDeployment = (deployments, eligible, { random }) => {
  let best = Number.POSITIVE_INFINITY;
  for (const d of deployments) if (d.priority < best && eligible(d)) best = d.priority;
  if (best === Number.POSITIVE_INFINITY) return undefined;
  return weightedPick(deployments, (d) => d.priority === best && eligible(d), random);
};
