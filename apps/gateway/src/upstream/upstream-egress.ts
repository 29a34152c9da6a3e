import { createEgressGuard, egressPolicyFromEnv, type EgressGuard } from '@sluice/egress';
import type { UpstreamEnv } from './upstream-env';

/** Every address: what is left denied is what the guard always denies, cloud metadata endpoints. */
const ANY_ADDRESS = ['0.0.0.0/0', '::/0'];

/** The guard provider connections pass, from GATEWAY_EGRESS (see upstream-env.ts); null when off. */
export function upstreamEgressGuard(env: Partial<Pick<UpstreamEnv, 'GATEWAY_EGRESS' | 'EGRESS_ALLOW_LOOPBACK' | 'EGRESS_ALLOWED_HOSTS'>>): EgressGuard | null {
  switch (env.GATEWAY_EGRESS ?? 'metadata') {
    case 'off':
      return null;
    case 'strict':
      return createEgressGuard(egressPolicyFromEnv({ EGRESS_ALLOW_LOOPBACK: env.EGRESS_ALLOW_LOOPBACK ?? false, EGRESS_ALLOWED_HOSTS: env.EGRESS_ALLOWED_HOSTS ?? [] }));
    case 'metadata':
      return createEgressGuard({ allowLoopback: true, allowedHosts: [], allowedRanges: ANY_ADDRESS });
  }
}
