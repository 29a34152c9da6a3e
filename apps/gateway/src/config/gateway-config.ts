import { gatewayEnvSchema, parseEnv, type GatewayEnv } from '@sluice/contracts';
import { kekEnvSchema, type KekEnv } from '@sluice/db';
import { hasRedisTopologyNodes } from '@sluice/redis';
import { upstreamEnvSchema, type UpstreamEnv } from '../upstream/upstream-env';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
/**
 * The gateway's env, plus the key-encryption keys it needs to read provider credentials from Postgres
 * and the upstream client's settings (optional here: absent means the client's defaults).
 */
export type GatewayConfig = GatewayEnv & KekEnv & Partial<UpstreamEnv>;

/** Redis a gateway with a database uses when REDIS_URL is unset. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Env vars, with `--config <file>` on the command line taking the place of SLUICE_CONFIG.
 * REDIS_URL unset means the local default with a database, and no Redis at all in standalone mode
 * (unless REDIS_SENTINELS or REDIS_CLUSTER_NODES name Redis nodes: then REDIS_URL only says "Redis
 * is on" and @sluice/redis connects to the nodes).
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): GatewayConfig {
  const flag = argv.findIndex((arg) => arg === '--config' || arg.startsWith('--config='));
  const file = flag === -1 ? undefined : argv[flag].includes('=') ? argv[flag].split('=').slice(1).join('=') : argv[flag + 1];
  const effective = file ? { ...env, SLUICE_CONFIG: file } : env;
  const gateway = parseEnv('gateway', gatewayEnvSchema, effective);
  const kek = parseEnv('gateway', kekEnvSchema, effective);
  const upstream = parseEnv('gateway', upstreamEnvSchema, effective);
  const redisUrl = gateway.REDIS_URL ?? (gateway.SLUICE_CONFIG && !hasRedisTopologyNodes(gateway) ? undefined : DEFAULT_REDIS_URL);
  return { ...gateway, REDIS_URL: redisUrl, SLUICE_KEK: kek.SLUICE_KEK, SLUICE_KEK_PREVIOUS: kek.SLUICE_KEK_PREVIOUS, ...upstream };
}
