// The five Sluice services as runnable definitions, shared by `npm start` and the e2e global setup.
// Env var names follow libs/contracts/src/app-env.ts.
import { resolve } from 'node:path';
import { ROOT } from './env.mjs';
import { NODE_FLAGS } from './node-flags.mjs';

export const DEFAULT_PORTS = Object.freeze({ gateway: 4000, adminApi: 4100, worker: 4200, mockProvider: 4300, portal: 3000 });

/** Demo pepper: equal to DEV_KEY_PEPPER in @sluice/contracts, which every app refuses when NODE_ENV=production. */
export const DEV_KEY_PEPPER = 'sluice-dev-pepper-not-for-production';

/** Base URLs of the services for the given ports. */
export function serviceUrls(ports = DEFAULT_PORTS) {
  const at = (port) => `http://127.0.0.1:${port}`;
  return {
    gateway: at(ports.gateway),
    adminApi: at(ports.adminApi),
    worker: at(ports.worker),
    mockProvider: at(ports.mockProvider),
    portal: at(ports.portal),
  };
}

/**
 * @param {{ ports?: typeof DEFAULT_PORTS, databaseUrl: string, redisUrl: string, queuePrefix?: string,
 *           keyPepper?: string, env?: NodeJS.ProcessEnv, embeddedDatabase?: boolean, auditSigningKey?: string }} cfg
 *   `embeddedDatabase`: the database is `npm start`'s PGlite, which does not speak COPY over the wire,
 *   so the worker writes usage rows with INSERT. `auditSigningKey`: the worker's SLUICE_AUDIT_SIGNING_KEY.
 * @returns {Array<{ name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, readyUrl: string, entry: string }>}
 *   in start order (the mock provider first, the portal last)
 */
export function serviceDefinitions({ ports = DEFAULT_PORTS, databaseUrl, redisUrl, queuePrefix = 'sluice', keyPepper = DEV_KEY_PEPPER, env = process.env, embeddedDatabase = false, auditSigningKey }) {
  const urls = serviceUrls(ports);
  const shared = { ...env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix };
  const node = (name, entry, extraEnv, readyBase) => ({
    name,
    command: process.execPath,
    args: [...(NODE_FLAGS[name] ?? []), entry],
    cwd: ROOT,
    entry: resolve(ROOT, entry),
    env: { ...shared, ...extraEnv },
    readyUrl: `${readyBase}/health/ready`,
  });
  const portalDir = resolve(ROOT, 'apps', 'portal');
  return [
    node('mock-provider', 'apps/mock-provider/dist/main.js', { MOCK_PROVIDER_PORT: String(ports.mockProvider) }, urls.mockProvider),
    node('gateway', 'apps/gateway/dist/main.js', { GATEWAY_PORT: String(ports.gateway), SLUICE_KEY_PEPPER: keyPepper }, urls.gateway),
    // Loopback egress: the demo's providers point at the mock provider on 127.0.0.1 (production leaves it off).
    node('admin-api', 'apps/admin-api/dist/main.js', { ADMIN_API_PORT: String(ports.adminApi), SLUICE_KEY_PEPPER: keyPepper, EGRESS_ALLOW_LOOPBACK: env.EGRESS_ALLOW_LOOPBACK ?? 'true' }, urls.adminApi),
    node(
      'worker',
      'apps/worker/dist/main.js',
      { WORKER_HEALTH_PORT: String(ports.worker), ...(embeddedDatabase ? { USAGE_INGEST_METHOD: 'insert' } : {}), ...(auditSigningKey ? { SLUICE_AUDIT_SIGNING_KEY: auditSigningKey } : {}) },
      urls.worker,
    ),
    {
      name: 'portal',
      command: process.execPath,
      args: [resolve(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', String(ports.portal), '--hostname', '127.0.0.1'],
      cwd: portalDir,
      entry: resolve(portalDir, '.next', 'BUILD_ID'),
      env: { ...env, PORTAL_PORT: String(ports.portal), ADMIN_API_URL: urls.adminApi, GATEWAY_PUBLIC_URL: urls.gateway },
      readyUrl: `${urls.portal}/health/ready`,
    },
  ];
}
