import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService, type SpawnedService } from '@sluice/testing';

export interface TestOidcAccount {
  sub?: string;
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export interface TestOidcProvider {
  issuer: string;
  service: SpawnedService;
  /** Replaces the accounts (and their groups) the OP knows, as an IdP admin would. */
  setAccounts(accounts: Record<string, TestOidcAccount>): void;
  stop(): Promise<void>;
}

/** Starts the real `oidc-provider` (ESM) in a child process with the given clients and accounts. */
export async function startTestOidcProvider(options: {
  port?: number;
  clients: Array<{ client_id: string; client_secret: string; redirect_uris: string[] }>;
  accounts: Record<string, TestOidcAccount>;
}): Promise<TestOidcProvider> {
  const port = options.port ?? (await freePort());
  const accountsFile = join(mkdtempSync(join(tmpdir(), 'sluice-op-')), 'accounts.json');
  const setAccounts = (accounts: Record<string, TestOidcAccount>) => writeFileSync(accountsFile, JSON.stringify(accounts));
  setAccounts(options.accounts);
  const issuer = `http://127.0.0.1:${port}`;
  const service = await spawnService({
    name: 'oidc-provider',
    entry: join(__dirname, 'oidc-provider.mjs'),
    env: { ...process.env, NODE_ENV: 'development', OP_PORT: String(port), OP_CLIENTS: JSON.stringify(options.clients), OP_ACCOUNTS_FILE: accountsFile },
    url: issuer,
    readyPath: '/.well-known/openid-configuration',
  });
  return { issuer, service, setAccounts, stop: async () => void (await service.stop(2000)) };
}

/** A tiny cookie jar for driving the OP's interaction pages over HTTP, like a browser would. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows the OP from the authorization URL through its login and consent forms (as `login`) and
 * returns the redirect back to us (the callback URL with code, state and iss).
 */
export async function signInAtOp(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let method: 'GET' | 'POST' = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { method, redirect: 'manual', headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body });
    jar.store(res);
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (!next.href.startsWith(new URL(authorizationUrl).origin)) return next;
      url = next.href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`OP page without a form (${res.status}): ${html.slice(0, 500)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = html.includes('name="login"') ? new URLSearchParams({ prompt: 'login', login, password: 'any' }) : new URLSearchParams({ prompt: 'consent' });
  }
  throw new Error('too many hops at the OP');
}

/**
 * Follows the OP from the authorization URL to its login page and presses "[ Cancel ]" there, as a
 * person who changed their mind would; returns the redirect back to us (error=access_denied).
 */
export async function cancelAtOp(authorizationUrl: string): Promise<URL> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (!next.href.startsWith(new URL(authorizationUrl).origin)) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
    if (!abort) throw new Error(`OP page without a cancel link (${res.status}): ${html.slice(0, 500)}`);
    url = new URL(abort.replace(/&amp;/g, '&'), url).href;
  }
  throw new Error('too many hops at the OP');
}
