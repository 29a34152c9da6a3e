/* global process, console */
// `npm start` for the portal: validates the environment, then runs `next start` on PORTAL_PORT.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseEnv, portalEnvSchema } from '@sluice/contracts';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

let env;
try {
  env = parseEnv('portal', portalEnvSchema);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

const child = spawn(process.execPath, [nextBin, 'start', '--port', String(env.PORTAL_PORT)], {
  cwd: appDir,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
