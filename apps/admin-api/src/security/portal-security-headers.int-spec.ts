import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { freePort } from '@sluice/testing';
import { SecurityStack } from '../testing/security-stack';

jest.setTimeout(150_000);

const WORKSPACE = join(__dirname, '..', '..', '..', '..');
const PORTAL_DIR = join(WORKSPACE, 'apps', 'portal');
const NEXT_BIN = join(WORKSPACE, 'node_modules', 'next', 'dist', 'bin', 'next');

interface Portal {
  url: string;
  stop(): Promise<void>;
}

/** The built portal (`next start` in apps/portal, as `npm start` runs it) in front of a real admin API. */
async function startPortal(adminApiUrl: string, tls: boolean): Promise<Portal> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: PORTAL_DIR,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORTAL_PORT: String(port), ADMIN_API_URL: adminApiUrl, GATEWAY_PUBLIC_URL: 'http://127.0.0.1:4000', PORTAL_TLS: String(tls) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const portal: Portal = {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited with code ${child.exitCode}:\n${output}`);
    if (await fetch(`${url}/health/live`).then((r) => r.ok, () => false)) return portal;
    await new Promise((r) => setTimeout(r, 200));
  }
  await portal.stop();
  throw new Error(`the portal was not ready within 60 s:\n${output}`);
}

const directives = (csp: string | null) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));

describe('portal security headers (built portal process in front of the admin API)', () => {
  let stack: SecurityStack;
  let plain: Portal;
  let tls: Portal;
  const password = `pw-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    stack = await SecurityStack.start({ adminPassword: password, gateway: false });
    // One after the other: `next start` compiles next.config.ts into the portal folder.
    plain = await startPortal(stack.adminApi.url, false);
    tls = await startPortal(stack.adminApi.url, true);
  }, 140_000);
  afterAll(async () => {
    await Promise.all([plain?.stop(), tls?.stop()]);
    await stack?.close();
  });

  const get = (portal: Portal, path: string, headers: Record<string, string> = {}) => fetch(`${portal.url}${path}`, { redirect: 'manual', headers });

  it('pages carry a nonce CSP that forbids framing, plugins and foreign scripts, plus nosniff, a referrer policy and X-Frame-Options', async () => {
    const checked: string[] = [];
    const session = await stack.signIn(stack.adminEmail, password);
    for (const [path, cookie] of [['/sign-in', ''], ['/', ''], ['/api-keys', ''], ['/', session.cookie], ['/api-keys', session.cookie], ['/audit', session.cookie]]) {
      const res = await get(plain, path, cookie ? { cookie } : {});
      await res.arrayBuffer();
      expect(res.status).toBeLessThan(500);
      if (res.status >= 300 && res.status < 400) {
        // Without a session every page redirects to sign-in (no body to protect with a CSP).
        expect(res.headers.get('location')).toContain('/sign-in');
      } else {
        expect(res.headers.get('content-type')).toContain('text/html');
        const csp = directives(res.headers.get('content-security-policy'));
        expect({ path, frameAncestors: csp.get('frame-ancestors'), objectSrc: csp.get('object-src'), baseUri: csp.get('base-uri'), defaultSrc: csp.get('default-src') }).toEqual({
          path, frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"], defaultSrc: ["'self'"],
        });
        const scripts = csp.get('script-src') ?? [];
        expect(scripts.some((s) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(s))).toBe(true);
        expect(scripts).not.toContain("'unsafe-inline'");
        expect(scripts).not.toContain("'unsafe-eval'");
      }
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-powered-by')).toBeNull();
      checked.push(`${path}${cookie ? ' (signed in)' : ''} ${res.status}`);
    }
    // A fresh nonce per response.
    const [a, b] = await Promise.all([get(plain, '/sign-in'), get(plain, '/sign-in')]);
    await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
    expect(a.headers.get('content-security-policy')).not.toBe(b.headers.get('content-security-policy'));
    // The /api relay answers JSON with nosniff too, and passes no CORS grant.
    const relayed = await get(plain, '/api/v1/stats/requests', { origin: 'https://evil.example' });
    await relayed.arrayBuffer();
    expect(relayed.status).toBe(401);
    expect(relayed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(relayed.headers.get('access-control-allow-origin')).toBeNull();
    expect(checked).toEqual(expect.arrayContaining(['/sign-in 200', '/ (signed in) 200', '/api-keys (signed in) 200', '/audit (signed in) 200']));
    console.log(`portal headers: ${checked.join(', ')} + /api relay: CSP on pages (nonce, frame-ancestors 'none'), nosniff, referrer policy, X-Frame-Options on every answer`);
  });

  it('sends HSTS (and upgrade-insecure-requests) only when configured as served over TLS (PORTAL_TLS)', async () => {
    const overTls = await get(tls, '/sign-in');
    await overTls.arrayBuffer();
    const hsts = overTls.headers.get('strict-transport-security') ?? '';
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toContain('includeSubDomains');
    expect(directives(overTls.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
    // Over plain HTTP, HSTS would be meaningless (and a header a proxy could inject is not trusted): none, whatever x-forwarded-proto says.
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Array<Record<string, string>>) {
      const res = await get(plain, '/sign-in', headers);
      await res.arrayBuffer();
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    console.log(`portal HSTS: "${hsts}" with PORTAL_TLS=true; none without it`);
  });
});
