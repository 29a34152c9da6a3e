import { Router } from '@sluice/routing';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';
import type { SnapshotStore } from '../snapshot/snapshot-store';

/** The process-wide router (deployment stats, circuit breakers), kept in step with the config snapshot. */
export function createGatewayRouter(store: SnapshotStore): Router {
  const router = new Router({ policy: store.current.source.routing });
  const apply = (snapshot: CompiledSnapshot) => {
    router.setPolicy(snapshot.source.routing);
    router.retainDeployments(new Set(snapshot.source.deployments.map((d) => d.id)));
  };
  store.onChange(apply);
  return router;
}
