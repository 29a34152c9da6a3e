// Shared constants for the repo scripts: where the repo is, and the env every child process gets.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const STATE_DIR = resolve(ROOT, '.sluice');

/** No cloud, no daemon, no telemetry, no browser downloads: nothing here may reach the internet. */
export const OFFLINE_ENV = {
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NEXT_TELEMETRY_DISABLED: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};

/** Sets OFFLINE_ENV on this process so every child inherits it. */
export function applyOfflineEnv() {
  Object.assign(process.env, OFFLINE_ENV);
}

/** Path of an npm-installed executable of the workspace. */
export function bin(name) {
  return resolve(ROOT, 'node_modules', '.bin', name);
}
