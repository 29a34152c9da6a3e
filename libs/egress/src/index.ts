export { classifyAddress, normalizeIpLiteral, type AddressClass } from './address-ranges';
export {
  egressEnvShape,
  egressEnvSchema,
  egressPolicyFromEnv,
  egressAllowEntrySchema,
  type EgressEnv,
  type EgressPolicy,
} from './egress-policy';
export { createEgressGuard, EgressDeniedError, normalizeHostname, type EgressDenyReason, type EgressGuard, type GuardedLookup } from './egress-guard';
export { createGuardedAgent, createGuardedConnector } from './guarded-agent';
