import type { DeploymentCapacity, SnapshotDeployment } from '@sluice/contracts';

/**
 * What the router needs to know about a deployment. The gateway passes its own richer objects
 * (a `SnapshotDeployment` plus capacity) and gets the same objects back in the attempt context.
 */
export type RoutableDeployment = Pick<SnapshotDeployment, 'id' | 'weight' | 'priority' | 'timeoutMs'> & DeploymentCapacity;
