// What `npm start` reads from its environment besides the database and Redis URLs: the services' ports
// (the same variables the services read), the PGlite port and the state directory. Checked before
// anything is installed or started, so a typo stops it at once with the variable's name.
import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_PORTS } from './services.mjs';
import { ROOT, STATE_DIR } from './env.mjs';

/** The env variable that moves each service (README "Services and ports"). */
export const PORT_VARIABLES = Object.freeze({
  gateway: 'GATEWAY_PORT',
  adminApi: 'ADMIN_API_PORT',
  worker: 'WORKER_HEALTH_PORT',
  mockProvider: 'MOCK_PROVIDER_PORT',
  portal: 'PORTAL_PORT',
});
export const DEFAULT_PGLITE_PORT = 5433;

function port(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not a port: use a whole number from 1 to 65535`);
  }
  return value;
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ ports: typeof DEFAULT_PORTS, pglitePort: number, stateDir: string }}
 *   `stateDir` holds the embedded database, the demo credentials, a local Redis's data, the usage spool and
 *   the exports (SLUICE_STATE_DIR, relative to the repository; default `.sluice`).
 */
export function startOptions(env) {
  const ports = Object.fromEntries(Object.entries(PORT_VARIABLES).map(([service, name]) => [service, port(env, name, DEFAULT_PORTS[service])]));
  const pglitePort = port(env, 'PGLITE_PORT', DEFAULT_PGLITE_PORT);
  const taken = new Map();
  const claims = [...Object.entries(ports).map(([service, value]) => [PORT_VARIABLES[service], value]), ...(env.DATABASE_URL ? [] : [['PGLITE_PORT', pglitePort]])];
  for (const [name, value] of claims) {
    if (taken.has(value)) throw new Error(`${name} and ${taken.get(value)} are both ${value}: every service needs a port of its own`);
    taken.set(value, name);
  }
  const dir = env.SLUICE_STATE_DIR?.trim();
  const stateDir = dir ? (isAbsolute(dir) ? dir : resolve(ROOT, dir)) : STATE_DIR;
  return { ports: Object.freeze(ports), pglitePort, stateDir };
}
