import type { SelectDeployment } from './selection';
import { weightedPick } from './weighted-pick';

/** Fewest requests in flight on this gateway instance; ties broken by weight. */
export const selectLeastBusy: SelectDeployment = (deployments, eligible, { stats, random }) => {
  let fewest = Number.POSITIVE_INFINITY;
  for (const d of deployments) {
    if (!eligible(d)) continue;
    const inFlight = stats.inFlight(d.id);
    if (inFlight < fewest) fewest = inFlight;
  }
  if (fewest === Number.POSITIVE_INFINITY) return undefined;
  return weightedPick(deployments, (d) => eligible(d) && stats.inFlight(d.id) === fewest, random);
};
