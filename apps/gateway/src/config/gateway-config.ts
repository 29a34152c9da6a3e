import { gatewayEnvSchema, parseEnv, type GatewayEnv } from '@sluice/contracts';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export type GatewayConfig = GatewayEnv;

/** Env vars, with `--config <file>` on the command line taking the place of SLUICE_CONFIG. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): GatewayConfig {
  const flag = argv.findIndex((arg) => arg === '--config' || arg.startsWith('--config='));
  const file = flag === -1 ? undefined : argv[flag].includes('=') ? argv[flag].split('=').slice(1).join('=') : argv[flag + 1];
  return parseEnv('gateway', gatewayEnvSchema, file ? { ...env, SLUICE_CONFIG: file } : env);
}
