import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnService, type SpawnedService } from '@sluice/testing';

/** The OP program the admin API's SSO integration tests run (the certified `oidc-provider` package). */
const OIDC_PROVIDER_PROGRAM = resolve(__dirname, '..', '..', 'apps', 'admin-api', 'src', 'sso', 'testing', 'oidc-provider.mjs');

/** Claims of an account at the OP (see oidc-provider.mjs). */
interface OpAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export interface RunningIdentityProvider {
  service: SpawnedService;
  stop(): Promise<void>;
}

/**
 * The e2e stack's identity provider: the real, certified `oidc-provider` (the module the admin API's
 * SSO integration tests use), with an OIDC connection of the seeded org pointing at it. Its redirect
 * URI goes through the portal origin (the admin API's PUBLIC_BASE_URL is the portal), like production.
 */
export const E2E_SSO = {
  connectionName: 'Acme Okta',
  clientId: 'sluice-e2e-portal',
  /** The IdP group the connection maps to the seeded team as `developer`. */
  developersGroup: 'sluice-developers',
  /** OP accounts (login name → claims); any password is accepted by the OP's dev login page. */
  accounts: {
    // Journey 2's developer: created at first sign-in (JIT) and put on the demo team by the group mapping.
    dana: { sub: 'dana', email: 'dana.dev@e2e.sluice.test', email_verified: true, name: 'Dana Developer', groups: ['sluice-developers', 'everyone'] },
    // The SSO sign-in test's person: same mapping, so the provisioned membership can be checked.
    sam: { sub: 'sam', email: 'sam.sso@e2e.sluice.test', email_verified: true, name: 'Sam Single-Sign-On', groups: ['sluice-developers'] },
  } satisfies Record<string, OpAccount>,
} as const;
export type E2eSsoAccount = keyof typeof E2E_SSO.accounts;

const SSO_VAR = 'SLUICE_E2E_SSO';

export interface E2eSsoInfo {
  issuer: string;
  connectionId: string;
  teamId: string;
}

/**
 * Signs in to the admin API as the seeded admin (break-glass, no browser), creates the OIDC connection
 * and its group mapping, then starts the OP with the connection's redirect URI registered.
 */
export async function startE2eIdentityProvider(options: { adminApiUrl: string; adminEmail: string; adminPassword: string; teamId: string; port: number }): Promise<RunningIdentityProvider> {
  const clientSecret = `e2e-op-secret-${Date.now().toString(36)}-0123456789`;
  const admin = await adminSession(options.adminApiUrl, options.adminEmail, options.adminPassword);
  const issuer = `http://127.0.0.1:${options.port}`;
  const connection = await admin.post<{ id: string; redirectUri: string }>('/api/v1/sso/connections', {
    type: 'oidc',
    name: E2E_SSO.connectionName,
    issuer,
    clientId: E2E_SSO.clientId,
    clientSecret,
    scopes: ['openid', 'email', 'profile', 'groups'],
  });
  await admin.post(`/api/v1/sso/connections/${connection.id}/mappings`, { idpGroup: E2E_SSO.developersGroup, teamId: options.teamId, teamRole: 'developer' });
  const accountsFile = join(mkdtempSync(join(tmpdir(), 'sluice-e2e-op-')), 'accounts.json');
  writeFileSync(accountsFile, JSON.stringify(E2E_SSO.accounts));
  const service = await spawnService({
    name: 'oidc-provider',
    entry: OIDC_PROVIDER_PROGRAM,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      OP_PORT: String(options.port),
      OP_CLIENTS: JSON.stringify([{ client_id: E2E_SSO.clientId, client_secret: clientSecret, redirect_uris: [connection.redirectUri] }]),
      OP_ACCOUNTS_FILE: accountsFile,
    },
    url: issuer,
    readyPath: '/.well-known/openid-configuration',
  });
  process.env[SSO_VAR] = JSON.stringify({ issuer, connectionId: connection.id, teamId: options.teamId } satisfies E2eSsoInfo);
  return { service, stop: async () => void (await service.stop(2000)) };
}

export function ssoInfo(): E2eSsoInfo {
  const raw = process.env[SSO_VAR];
  if (!raw) throw new Error(`${SSO_VAR} is not set: run the e2e tests through playwright test -c e2e/playwright.config.ts`);
  return JSON.parse(raw) as E2eSsoInfo;
}

async function adminSession(adminApiUrl: string, email: string, password: string) {
  const login = await fetch(`${adminApiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`admin login for the SSO setup: HTTP ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return {
    async post<T = unknown>(path: string, body: unknown): Promise<T> {
      const res = await fetch(`${adminApiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${path} for the SSO setup: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}
