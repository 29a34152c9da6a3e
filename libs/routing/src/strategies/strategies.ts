import type { RoutingStrategy } from '@sluice/contracts';
import { selectLeastBusy } from './least-busy.strategy';
import { selectLowestLatency } from './lowest-latency.strategy';
import { selectByPriority } from './priority.strategy';
import type { SelectDeployment } from './selection';
import { selectUsageBased } from './usage-based.strategy';
import { selectWeighted } from './weighted.strategy';

/** The selection function of each strategy name. */
export const strategies = {
  weighted: selectWeighted,
  'lowest-latency': selectLowestLatency,
  'least-busy': selectLeastBusy,
  'usage-based': selectUsageBased,
  priority: selectByPriority,
} as const satisfies Record<RoutingStrategy, SelectDeployment>;
