import type { E2eRole, E2eUsers } from './seed-users';

/** What global-setup publishes to the tests through environment variables. */
export interface E2eStack {
  gatewayUrl: string;
  adminApiUrl: string;
  portalUrl: string;
  mockProviderUrl: string;
  demoApiKey: string;
}

const NAMES: Record<keyof E2eStack, string> = {
  gatewayUrl: 'SLUICE_E2E_GATEWAY_URL',
  adminApiUrl: 'SLUICE_E2E_ADMIN_API_URL',
  portalUrl: 'SLUICE_E2E_PORTAL_URL',
  mockProviderUrl: 'SLUICE_E2E_MOCK_PROVIDER_URL',
  demoApiKey: 'SLUICE_E2E_DEMO_API_KEY',
};

export function publishStack(stack: E2eStack): void {
  for (const [key, name] of Object.entries(NAMES)) process.env[name] = stack[key as keyof E2eStack];
}

export function stack(): E2eStack {
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the e2e tests through playwright test -c e2e/playwright.config.ts`);
    return value;
  };
  return {
    gatewayUrl: read(NAMES.gatewayUrl),
    adminApiUrl: read(NAMES.adminApiUrl),
    portalUrl: read(NAMES.portalUrl),
    mockProviderUrl: read(NAMES.mockProviderUrl),
    demoApiKey: read(NAMES.demoApiKey),
  };
}

const statsSessions = new Map<string, string>();

/** A viewer's session cookie for reading the request count (signed in once per admin API). */
async function statsSession(adminApiUrl: string, fresh: boolean): Promise<string> {
  const known = statsSessions.get(adminApiUrl);
  if (known && !fresh) return known;
  const { email, password } = portalUser('viewer');
  const login = await fetch(`${adminApiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`sign-in for GET /api/v1/stats/requests: HTTP ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  statsSessions.set(adminApiUrl, cookie);
  return cookie;
}

/** The admin API's count of the demo organization's logged requests (the walking skeleton's last hop before the portal); it needs a session. */
export async function loggedRequests(adminApiUrl: string): Promise<number> {
  let res = await fetch(`${adminApiUrl}/api/v1/stats/requests`, { headers: { cookie: await statsSession(adminApiUrl, false) } });
  if (res.status === 401) res = await fetch(`${adminApiUrl}/api/v1/stats/requests`, { headers: { cookie: await statsSession(adminApiUrl, true) } });
  if (!res.ok) throw new Error(`GET /api/v1/stats/requests: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { totalRequests: number };
  return body.totalRequests;
}

/**
 * The logged-request count once earlier traffic has finished arriving (two equal reads 750 ms apart),
 * so a test can then expect an exact increase.
 */
export async function settledLoggedRequests(adminApiUrl: string, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let previous = await loggedRequests(adminApiUrl);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 750));
    const current = await loggedRequests(adminApiUrl);
    if (current === previous) return current;
    previous = current;
  }
  throw new Error(`the logged-request count kept changing for ${timeoutMs} ms`);
}

const USERS_VAR = 'SLUICE_E2E_USERS';
const PASSWORD_VAR = 'SLUICE_E2E_USER_PASSWORD';
const AUDIT_KEY_VAR = 'SLUICE_E2E_AUDIT_PUBLIC_KEY';

/** The per-role portal users global-setup created (see seed-users.ts), and the public key of the audit export signing key. */
export function publishPortalUsers(users: E2eUsers, password: string, auditPublicKeyPem: string): void {
  process.env[USERS_VAR] = JSON.stringify(users);
  process.env[PASSWORD_VAR] = password;
  process.env[AUDIT_KEY_VAR] = auditPublicKeyPem;
}

/** What an auditor gets from the operator out of band to verify exports offline. */
export function auditPublicKeyPem(): string {
  const pem = process.env[AUDIT_KEY_VAR];
  if (!pem) throw new Error(`${AUDIT_KEY_VAR} is not set: run the e2e tests through playwright test -c e2e/playwright.config.ts`);
  return pem;
}

export function portalUser(role: E2eRole): { email: string; password: string } {
  const users = process.env[USERS_VAR];
  const password = process.env[PASSWORD_VAR];
  if (!users || !password) throw new Error(`${USERS_VAR} is not set: run the e2e tests through playwright test -c e2e/playwright.config.ts`);
  return { email: (JSON.parse(users) as E2eUsers)[role].email, password };
}
