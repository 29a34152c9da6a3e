import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DEV_KEY_PEPPER } from '@sluice/contracts';
import { DEV_KEK } from '@sluice/db';
import { freePort } from '@sluice/testing';
import { insertUsage, type UsageFixtureEvent } from '../testing/usage-fixture';
import { ADMIN_API_ENTRY, GATEWAY_ENTRY, SecurityStack, WORKER_ENTRY, type Session } from '../testing/security-stack';

jest.setTimeout(180_000);

/** Runs a built service until it exits (or `timeoutMs`, then kills it): its exit code and output. */
function runUntilExit(entry: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<{ code: number | null; output: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, killed });
    });
  });
}

describe('admin API CORS and production secrets (built processes, real Postgres + Redis)', () => {
  const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
  const EVIL = 'https://evil.example';
  let stack: SecurityStack;
  let admin: Session;

  beforeAll(async () => {
    stack = await SecurityStack.start({ adminPassword: PASSWORD, gateway: false });
    admin = await stack.signIn(stack.adminEmail, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('grants no CORS: no Access-Control-* header for any origin, preflight or not; cross-site mutations and logins are refused', async () => {
    const corsHeaders = (h: Headers) => {
      const found: string[] = [];
      h.forEach((_v, k) => k.startsWith('access-control-') && found.push(k));
      return found;
    };
    const probes = [
      await stack.admin(null, 'OPTIONS', '/api/v1/providers', undefined, { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-csrf-token' }),
      await stack.admin(null, 'OPTIONS', '/api/v1/auth/login', undefined, { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }),
      await stack.admin(admin, 'GET', '/api/v1/auth/me', undefined, { origin: EVIL }),
      await stack.admin(admin, 'GET', '/api/v1/providers', undefined, { origin: 'null' }),
      await stack.admin(null, 'GET', '/health/ready', undefined, { origin: EVIL }),
    ];
    for (const probe of probes) expect(corsHeaders(probe.headers)).toEqual([]);
    // A browser on another site can send a simple cross-site POST; the Origin check refuses it (login CSRF and CSRF in depth).
    expect((await stack.admin(null, 'POST', '/api/v1/auth/login', { email: stack.adminEmail, password: PASSWORD }, { origin: EVIL })).status).toBe(403);
    expect((await stack.admin(admin, 'POST', '/api/v1/teams', { name: 'from evil' }, { origin: EVIL })).status).toBe(403);
    expect((await stack.admin(admin, 'POST', '/api/v1/teams', { name: 'no csrf token' }, { 'x-csrf-token': '' })).status).toBe(403);
    // The portal's own origin (it forwards with x-forwarded-host) is accepted.
    const sameSite = await stack.admin(null, 'POST', '/api/v1/auth/login', { email: stack.adminEmail, password: PASSWORD }, { origin: 'https://sluice.example.com', 'x-forwarded-host': 'sluice.example.com' });
    expect(sameSite.status).toBe(200);
    expect(corsHeaders(sameSite.headers)).toEqual([]);
    console.log(`admin API CORS: ${probes.length} cross-origin probes, 0 Access-Control-* headers; 3 cross-site mutations refused (403)`);
  });

  it('serves the request count only with a session, and only for the caller\'s organization', async () => {
    const anonymous = await stack.admin(null, 'GET', '/api/v1/stats/requests');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const [other] = (await stack.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other-stats') RETURNING id`)) as Array<{ id: string }>;
    const event = (orgId: string, i: number): UsageFixtureEvent => ({
      occurredAt: new Date(Date.now() - i * 1000), orgId, teamId: null, apiKeyId: null, userId: null, model: 'gpt-4o-mini', provider: 'mock',
      status: 'success', httpStatus: 200, promptTokens: 1, completionTokens: 1, costUsd: 0, latencyMs: 5, cacheStatus: 'miss',
    });
    await insertUsage(stack.dataSource, [...[1, 2, 3].map((i) => event(other.id, i)), ...[4, 5].map((i) => event(stack.orgId, i))]);
    const mine = await stack.admin(admin, 'GET', '/api/v1/stats/requests');
    expect(mine.status).toBe(200);
    expect(mine.json()).toMatchObject({ totalRequests: 2 });
  });

  it('refuses to start in production with a demo pepper or KEK (gateway, admin API, worker), names the variable, never prints the value', async () => {
    const realPepper = randomBytes(24).toString('hex');
    const realKek = randomBytes(32).toString('base64');
    const base = { ...stack.serviceEnv(), NODE_ENV: 'production', LOG_LEVEL: 'info' };
    const ports = async () => ({ GATEWAY_PORT: String(await freePort()), ADMIN_API_PORT: String(await freePort()), WORKER_HEALTH_PORT: String(await freePort()), HOST: '127.0.0.1' });
    // Unset (the schema's default is the demo value) and set explicitly to the demo value, across the three services.
    const cases: Array<{ service: string; entry: string; variable: string; env: Record<string, string | undefined> }> = [
      { service: 'gateway', entry: GATEWAY_ENTRY, variable: 'SLUICE_KEY_PEPPER', env: { SLUICE_KEY_PEPPER: undefined, SLUICE_KEK: realKek } },
      { service: 'gateway', entry: GATEWAY_ENTRY, variable: 'SLUICE_KEK', env: { SLUICE_KEY_PEPPER: realPepper, SLUICE_KEK: DEV_KEK } },
      { service: 'admin-api', entry: ADMIN_API_ENTRY, variable: 'SLUICE_KEY_PEPPER', env: { SLUICE_KEY_PEPPER: DEV_KEY_PEPPER, SLUICE_KEK: realKek } },
      { service: 'admin-api', entry: ADMIN_API_ENTRY, variable: 'SLUICE_KEK', env: { SLUICE_KEY_PEPPER: realPepper, SLUICE_KEK: undefined } },
      { service: 'worker', entry: WORKER_ENTRY, variable: 'SLUICE_KEK', env: { SLUICE_KEK: undefined } },
      { service: 'worker', entry: WORKER_ENTRY, variable: 'SLUICE_KEK', env: { SLUICE_KEK: DEV_KEK } },
    ];
    const results: Array<(typeof cases)[number] & Awaited<ReturnType<typeof runUntilExit>>> = [];
    // Two at a time: the machine is small and a start that hangs must not be mistaken for a slow one.
    for (let i = 0; i < cases.length; i += 2) {
      results.push(
        ...(await Promise.all(
          cases.slice(i, i + 2).map(async (c) => {
            const env: NodeJS.ProcessEnv = { ...base, ...(await ports()), ...c.env };
            for (const [k, v] of Object.entries(c.env)) if (v === undefined) delete env[k];
            return { ...c, ...(await runUntilExit(c.entry, env, 60_000)) };
          }),
        )),
      );
    }
    for (const r of results) {
      expect({ service: r.service, variable: r.variable, killed: r.killed, code: r.code, output: r.output.slice(0, 400) }).toMatchObject({ service: r.service, variable: r.variable, killed: false, code: 1 });
      expect(r.output).toContain(r.variable);
      expect(r.output).toContain('demo default is refused in production');
      expect(r.output).not.toContain(DEV_KEY_PEPPER);
      expect(r.output).not.toContain(DEV_KEK);
    }
    // With real secrets the same production configuration starts (the refusal is about the demo values only).
    const port = await freePort();
    const started = spawn(process.execPath, [ADMIN_API_ENTRY], { env: { ...base, SLUICE_KEY_PEPPER: realPepper, SLUICE_KEK: realKek, ADMIN_API_PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
    try {
      const deadline = Date.now() + 30_000;
      let ready = false;
      while (!ready && Date.now() < deadline && started.exitCode === null) {
        ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready).toBe(true);
    } finally {
      started.kill('SIGKILL');
    }
    console.log(`production mode: ${results.length} starts with a demo pepper or KEK (gateway, admin API, worker) refused with exit code 1; a start with real secrets serves`);
  });
});
