import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, startNodeService, waitForHttp } from './processes.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
export const ADMIN_EMAIL = 'bench-admin@bench.test';
export const ADMIN_PASSWORD = 'bench-password-0123456789';

/** Secrets every service of one bench database shares (fresh per run). */
export function benchSecrets() {
  return { SLUICE_KEY_PEPPER: randomBytes(32).toString('hex'), SLUICE_KEK: randomBytes(32).toString('base64') };
}

/** Seeds the demo org, team and admin user into `env.DATABASE_URL` with the real seed CLI (libs/db). */
export function seedDemo(env, mockUrl = 'http://127.0.0.1:9') {
  const out = execFileSync(process.execPath, [join(ROOT, 'libs/db/dist/cli/seed.js')], {
    env: { ...process.env, ...env, SLUICE_ADMIN_EMAIL: ADMIN_EMAIL, SLUICE_ADMIN_PASSWORD: ADMIN_PASSWORD, MOCK_PROVIDER_URL: `${mockUrl}/v1` },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.toString().trim().split('\n').pop());
}

/** Starts a service from its build and waits for `readyPath`; `portVar` names its port env var. */
export async function startService(name, script, env, { portVar, readyPath = '/health/ready' }) {
  const port = await freePort();
  const service = startNodeService(name, join(ROOT, script), { env: { ...env, [portVar]: String(port), HOST: '127.0.0.1' } });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}${readyPath}`, 60_000);
  } catch (error) {
    await service.stop();
    throw new Error(`${name}: ${error.message}\n${service.outputTail()}`);
  }
  return { ...service, url };
}

export function startAdminApi(env) {
  return startService('admin-api', 'apps/admin-api/dist/main.js', env, { portVar: 'ADMIN_API_PORT' });
}

/** Signs in as the seeded admin; returns the headers of an authenticated session (cookie + CSRF token). */
export async function adminSession(adminUrl) {
  const login = await fetch(`${adminUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = await login.json();
  const cookie = login.headers.get('set-cookie').split(';')[0];
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}
