import { gatewayEnvSchema, parseEnv, type GatewayEnv } from '@sluice/contracts';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export type GatewayConfig = GatewayEnv;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseEnv('gateway', gatewayEnvSchema, env);
}
