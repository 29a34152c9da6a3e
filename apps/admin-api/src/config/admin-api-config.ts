import { adminApiEnvSchema, parseEnv, type AdminApiEnv } from '@sluice/contracts';

export const ADMIN_API_CONFIG = Symbol('ADMIN_API_CONFIG');
export type AdminApiConfig = AdminApiEnv;

export function loadAdminApiConfig(env: NodeJS.ProcessEnv = process.env): AdminApiConfig {
  return parseEnv('admin-api', adminApiEnvSchema, env);
}
