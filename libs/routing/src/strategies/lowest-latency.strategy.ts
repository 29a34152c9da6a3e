import type { SelectDeployment } from './selection';
import { weightedPick } from './weighted-pick';

/**
 * Lowest latency moving average. Never-measured deployments go first (so they get a sample); ties
 * go to the one with fewer requests in flight. A share `explorationRate` of picks is weighted random
 * instead, so a deployment that was slow (or cooled down and recovered) is measured again.
 */
export const selectLowestLatency: SelectDeployment = (deployments, eligible, { stats, random, explorationRate }) => {
  if (explorationRate > 0 && random() < explorationRate) return weightedPick(deployments, eligible, random);
  let best: (typeof deployments)[number] | undefined;
  let bestLatency = Number.POSITIVE_INFINITY;
  let bestInFlight = Number.POSITIVE_INFINITY;
  for (const d of deployments) {
    if (!eligible(d)) continue;
    const latency = stats.latencyMs(d.id) ?? Number.NEGATIVE_INFINITY;
    const inFlight = stats.inFlight(d.id);
    if (latency < bestLatency || (latency === bestLatency && inFlight < bestInFlight)) {
      best = d;
      bestLatency = latency;
      bestInFlight = inFlight;
    }
  }
  return best;
};
