import type { SelectDeployment } from './selection';
import { weightedPick } from './weighted-pick';

/** Weighted random by `weight`. */
export const selectWeighted: SelectDeployment = (deployments, eligible, { random }) => weightedPick(deployments, eligible, random);
