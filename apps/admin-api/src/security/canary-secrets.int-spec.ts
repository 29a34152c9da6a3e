import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dumpPostgres, dumpRedis, makeCanary, needlesFor, scanSinks, totalChars, waitFor, type AllowedOccurrence, type SinkText } from '@sluice/testing';
import { freePort } from '@sluice/testing';
import { signInAtOp, startTestOidcProvider, type TestOidcProvider } from '../sso/testing/oidc-test-provider';
import { SecurityStack, type Session } from '../testing/security-stack';

jest.setTimeout(180_000);

function headerLines(headers: Headers): string {
  const lines: string[] = [];
  headers.forEach((value, name) => lines.push(`${name}: ${value}`));
  return lines.join('\n');
}

/** Every file under `dir`, as a sink each. */
function fileSinks(dir: string): SinkText[] {
  const out: SinkText[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ sink: `file:${path.slice(dir.length + 1)}`, text: readFileSync(path).toString('utf8') });
    }
  };
  walk(dir);
  return out;
}

/**
 * Canary secrets through every flow, then a scan of every sink. Real processes (built admin API,
 * gateway and worker), real Postgres and Redis; the mock provider stands in for the LLM vendor.
 */
describe('canary secrets never reach a sink (admin API + gateway + worker processes)', () => {
  const PASSWORD = makeCanary('BreakGlassPassword');
  const WRONG_PASSWORD = makeCanary('WrongPassword');
  const PROVIDER_KEY = makeCanary('ProviderKey', 'sk-proj-');
  const SSO_SECRET = makeCanary('SsoClientSecret');
  const WRONG_VIRTUAL_KEY = `sk-sluice-${makeCanary('WrongVirtualKey')}`;
  let stack: SecurityStack;
  let admin: Session;
  let op: TestOidcProvider | undefined;
  const virtualKeys: string[] = [];
  const bearerTokens: string[] = [];

  beforeAll(async () => {
    stack = await SecurityStack.start({ adminPassword: PASSWORD, logLevel: 'debug' });
    await stack.startWorker();
  }, 120_000);
  afterAll(async () => {
    await op?.stop();
    await stack?.close();
  });

  const chat = (key: string, content: string, extra: Record<string, unknown> = {}) =>
    stack.gatewayCall(key, '/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });

  it('uses the canaries in every flow, then finds none of them (nor their hashes) in Postgres, Redis, logs, spans, answers or export files', async () => {
    // Sign-in: a wrong password first (an error path), then the break-glass password.
    expect((await stack.admin(null, 'POST', '/api/v1/auth/login', { email: stack.adminEmail, password: WRONG_PASSWORD })).status).toBe(401);
    expect((await stack.admin(null, 'POST', '/api/v1/auth/login', { email: 'nobody@acme.test', password: PASSWORD })).status).toBe(401);
    admin = await stack.signIn(stack.adminEmail, PASSWORD);

    // Provider credentials: create, refused variants (error bodies), update of the seeded provider the gateway routes to.
    const base = `${stack.mock.url}/v1`;
    const created = await stack.admin(admin, 'POST', '/api/v1/providers', { name: 'Canary upstream', type: 'openai', baseUrl: base, credentials: { apiKey: PROVIDER_KEY } });
    expect(created.status).toBe(201);
    expect((await stack.admin(admin, 'POST', '/api/v1/providers', { name: 'Canary upstream', type: 'openai', baseUrl: base, credentials: { apiKey: PROVIDER_KEY } })).status).toBe(409);
    expect((await stack.admin(admin, 'POST', '/api/v1/providers', { name: 'Bad shape', type: 'openai', baseUrl: base, credentials: { apiKey: PROVIDER_KEY, secretAccessKey: PROVIDER_KEY } })).status).toBe(400);
    expect((await stack.admin(admin, 'POST', '/api/v1/providers', { name: 'Metadata', type: 'openai', baseUrl: 'http://169.254.169.254/latest', credentials: { apiKey: PROVIDER_KEY } })).status).toBe(400);
    expect((await stack.admin(admin, 'POST', '/api/v1/providers', { name: 'Key in settings', type: 'openai', baseUrl: base, settings: { apiKey: PROVIDER_KEY } })).status).toBe(400);
    expect((await stack.admin(admin, 'POST', '/api/v1/providers', `{"name":"Broken","credentials":{"apiKey":"${PROVIDER_KEY}"`)).status).toBe(400);
    const providers = (await stack.admin(admin, 'GET', '/api/v1/providers?limit=100')).json<{ items: Array<{ id: string; name: string; type: string }> }>().items;
    const routed = providers.filter((p) => p.type === 'openai' && p.name !== 'Canary upstream');
    expect(routed.length).toBeGreaterThan(0);
    for (const p of routed) expect((await stack.admin(admin, 'PATCH', `/api/v1/providers/${p.id}`, { credentials: { apiKey: PROVIDER_KEY } })).status).toBe(200);
    expect((await stack.admin(admin, 'GET', `/api/v1/providers/${created.json<{ id: string }>().id}`)).status).toBe(200);

    // SSO client secret: create, update, a refused variant, and a sign-in start that cannot reach the IdP.
    const sso = await stack.admin(admin, 'POST', '/api/v1/sso/connections', { type: 'oidc', name: 'Canary IdP', issuer: 'https://idp.canary.invalid', clientId: 'canary-client', clientSecret: SSO_SECRET });
    expect(sso.status).toBe(201);
    const ssoId = sso.json<{ id: string }>().id;
    expect((await stack.admin(admin, 'PATCH', `/api/v1/sso/connections/${ssoId}`, { clientSecret: SSO_SECRET })).status).toBe(200);
    expect((await stack.admin(admin, 'POST', '/api/v1/sso/connections', { type: 'oidc', name: 'Plain http', issuer: 'http://idp.example.com', clientId: 'c', clientSecret: SSO_SECRET })).status).toBe(400);
    const start = await stack.admin(null, 'GET', `/api/v1/auth/sso/${ssoId}/start?returnTo=/`);
    expect(start.status).toBeGreaterThanOrEqual(300);

    // A whole OIDC sign-in against a real OpenID Provider: the client secret goes to its token endpoint.
    const opPort = await freePort();
    const oidc = await stack.admin(admin, 'POST', '/api/v1/sso/connections', { type: 'oidc', name: 'Canary OP', issuer: `http://127.0.0.1:${opPort}`, clientId: 'canary-client', clientSecret: SSO_SECRET, scopes: ['openid', 'email', 'profile', 'groups'] });
    expect(oidc.status).toBe(201);
    const { id: oidcId, redirectUri } = oidc.json<{ id: string; redirectUri: string }>();
    expect((await stack.admin(admin, 'POST', `/api/v1/sso/connections/${oidcId}/mappings`, { idpGroup: 'eng', orgRole: 'developer' })).status).toBe(201);
    op = await startTestOidcProvider({
      port: opPort,
      clients: [{ client_id: 'canary-client', client_secret: SSO_SECRET, redirect_uris: [redirectUri] }],
      accounts: { carol: { sub: 'carol-sub', email: 'carol@acme.test', email_verified: true, name: 'Carol', groups: ['eng'] } },
    });
    const ssoStart = await stack.admin(null, 'GET', `/api/v1/auth/sso/${oidcId}/start?returnTo=/`);
    expect(ssoStart.status).toBe(302);
    const callback = await signInAtOp(String(ssoStart.headers.get('location')), 'carol');
    const signedInWithSso = await stack.admin(null, 'GET', `${callback.pathname}${callback.search}`);
    expect(signedInWithSso.status).toBe(302);
    expect(signedInWithSso.headers.get('set-cookie')).toBeTruthy();

    // Service-account and SCIM bearer tokens: created, used, a wrong one refused.
    const sa = await stack.admin(admin, 'POST', '/api/v1/service-accounts', { name: 'canary robot', role: 'viewer' });
    expect(sa.status).toBe(201);
    const saToken = await stack.admin(admin, 'POST', `/api/v1/service-accounts/${sa.json<{ id: string }>().id}/tokens`, { name: 'canary token' });
    expect(saToken.status).toBe(201);
    bearerTokens.push(saToken.json<{ secret: string }>().secret);
    expect((await stack.admin(null, 'GET', '/api/v1/models?limit=5', undefined, { authorization: `Bearer ${bearerTokens[0]}` })).status).toBe(200);
    const scim = await stack.admin(admin, 'POST', '/api/v1/scim/tokens', { name: 'canary scim' });
    expect(scim.status).toBe(201);
    bearerTokens.push(scim.json<{ secret: string }>().secret);
    expect((await stack.admin(null, 'GET', '/scim/v2/Users', undefined, { authorization: `Bearer ${bearerTokens[1]}` })).status).toBe(200);
    expect((await stack.admin(null, 'GET', '/scim/v2/Users', undefined, { authorization: `Bearer ${bearerTokens[1]}x` })).status).toBe(401);

    // A logging policy that stores prompts and answers, on the team the key belongs to.
    const policy = await stack.admin(admin, 'POST', '/api/v1/policies', { kind: 'logging', name: 'store bodies', spec: { storePrompts: true, storeResponses: true } });
    expect(policy.status).toBe(201);
    expect((await stack.admin(admin, 'POST', `/api/v1/policies/${policy.json<{ id: string }>().id}/attachments`, { scopeType: 'team', scopeId: stack.teamId })).status).toBe(201);

    // Virtual key: create, use (plain, streamed, error paths), rotate with grace, use both, revoke.
    const key = await stack.admin(admin, 'POST', '/api/v1/api-keys', { name: 'canary key', teamId: stack.teamId });
    expect(key.status).toBe(201);
    const keyId = key.json<{ key: { id: string } }>().key.id;
    virtualKeys.push(key.json<{ secret: string }>().secret);
    await waitFor(async () => (await chat(virtualKeys[0], 'warm-up')).status === 200, { timeoutMs: 15_000, what: 'the gateway knows the new key' });
    let served = 1;
    expect((await chat(virtualKeys[0], 'Summarise the canary report')).status).toBe(200);
    const streamed = await chat(virtualKeys[0], 'Stream the canary report', { stream: true, stream_options: { include_usage: true } });
    expect(streamed.status).toBe(200);
    served += 2;
    expect((await chat(WRONG_VIRTUAL_KEY, 'who am I')).status).toBe(401);
    expect((await chat(virtualKeys[0], 'bad', { model: 'no-such-model' })).status).toBeGreaterThanOrEqual(400);
    expect((await stack.gatewayCall(virtualKeys[0], '/v1/chat/completions', { model: 'gpt-4o-mini', messages: 'not a list' })).status).toBe(400);
    const rotated = await stack.admin(admin, 'POST', `/api/v1/api-keys/${keyId}/rotate`, { gracePeriodSeconds: 300 });
    expect(rotated.status).toBe(200);
    virtualKeys.push(rotated.json<{ secret: string }>().secret);
    await waitFor(async () => (await chat(virtualKeys[1], 'after rotation')).status === 200, { timeoutMs: 15_000, what: 'the gateway knows the rotated key' });
    expect((await chat(virtualKeys[0], 'old key in grace')).status).toBe(200);
    served += 2;
    expect((await stack.admin(admin, 'POST', `/api/v1/api-keys/${keyId}/revoke`, {})).status).toBe(200);
    await waitFor(async () => (await chat(virtualKeys[1], 'after revoke')).status === 401, { timeoutMs: 15_000, what: 'the revocation reaches the gateway' });

    // The worker ingests the usage (request logs with bodies) …
    const logged = await waitFor(async () => {
      const [{ n }] = (await stack.dataSource.query(`SELECT count(*)::int AS n FROM request_logs WHERE status = 'success'`)) as Array<{ n: number }>;
      return n >= served ? n : null;
    }, { timeoutMs: 30_000, what: `${served} logged requests` });
    const [{ withBodies }] = (await stack.dataSource.query(`SELECT count(*)::int AS "withBodies" FROM request_logs WHERE bodies IS NOT NULL`)) as Array<{ withBodies: number }>;
    expect(withBodies).toBeGreaterThan(0);

    // … and writes a signed audit export, downloaded through a link.
    const exported = await stack.admin(admin, 'POST', '/api/v1/audit/exports', { format: 'jsonl' });
    expect(exported.status).toBe(202);
    const exportId = exported.json<{ id: string }>().id;
    await waitFor(async () => (await stack.admin(admin, 'GET', `/api/v1/audit/exports/${exportId}`)).json<{ status: string }>().status === 'succeeded', { timeoutMs: 60_000, what: 'the audit export' });
    const link = (await stack.admin(admin, 'POST', `/api/v1/audit/exports/${exportId}/download-link`, {})).json<{ url: string; manifestUrl: string }>();
    const file = await stack.admin(null, 'GET', link.url);
    expect(file.status).toBe(200);
    expect(file.body).toContain('provider.credentials_replaced');
    expect((await stack.admin(null, 'GET', link.manifestUrl)).status).toBe(200);

    // Stop the services so their logs are complete and their spans flushed.
    await Promise.all([stack.gateway.stop(), stack.worker?.stop(), stack.adminApi.stop()]);

    const postgres = await dumpPostgres(stack.database.url);
    const redis = await dumpRedis(stack.redis.url, stack.redis.prefix);
    const logs = Object.entries(stack.serviceLogs()).map(([name, text]) => ({ sink: `log:${name}`, text }));
    const answers = stack.exchanges.map((e) => ({ sink: `http:${e.label}`, text: `${headerLines(e.headers)}\n\n${e.body}` }));
    const sinks: SinkText[] = [
      ...postgres.sinks,
      ...redis.sinks,
      { sink: 'redis-commands', text: stack.redisCommands.text() },
      ...logs,
      { sink: 'otlp', text: stack.otlp.rawBodies.join('\n') },
      ...answers,
      ...fileSinks(stack.dir),
    ];
    const needles = [
      ...needlesFor('break-glass-password', PASSWORD, [stack.pepper]),
      ...needlesFor('wrong-password', WRONG_PASSWORD, [stack.pepper]),
      ...needlesFor('provider-api-key', PROVIDER_KEY, [stack.pepper]),
      ...needlesFor('sso-client-secret', SSO_SECRET, [stack.pepper]),
      ...needlesFor('wrong-virtual-key', WRONG_VIRTUAL_KEY, [stack.pepper]),
      ...virtualKeys.flatMap((k, i) => needlesFor(`virtual-key-${i + 1}`, k, [stack.pepper])),
      ...needlesFor('service-account-token', bearerTokens[0], [stack.pepper]),
      ...needlesFor('scim-token', bearerTokens[1], [stack.pepper]),
      // client_secret_basic: the OIDC client authenticates with base64(client_id:client_secret).
      { secret: 'sso-client-secret', form: 'basic-auth', value: Buffer.from(`canary-client:${SSO_SECRET}`).toString('base64') },
    ];
    const allowed: AllowedOccurrence[] = [
      // The key's HMAC is what the gateway verifies against: stored in api_keys (current and, during the grace period, previous).
      { sink: /^postgres:api_keys$/, secret: /^virtual-key-/, form: 'hmac-pepper-hex' },
      // The secret is shown once, in the answer to create and rotate.
      { sink: /^http:admin-api POST \/api\/v1\/api-keys( |\/[^/]+\/rotate )→ 20[01]$/, secret: /^virtual-key-/ },
      { sink: /^postgres:service_account_tokens$/, secret: 'service-account-token', form: 'hmac-pepper-hex' },
      { sink: /^http:admin-api POST \/api\/v1\/service-accounts\/[^/]+\/tokens → 201$/, secret: 'service-account-token' },
      { sink: /^http:admin-api POST \/api\/v1\/scim\/tokens → 201$/, secret: 'scim-token' },
    ];
    const findings = scanSinks(sinks, needles, allowed);
    // The scanner sees what is there: the expected occurrences are found when nothing is allowed.
    const expected = scanSinks(sinks, needles).map((f) => `${f.sink} ${f.secret} ${f.form}`);
    // (The revocation ended the grace period, so only the rotated key's HMAC is left.)
    expect(expected).toContain('postgres:api_keys virtual-key-2 hmac-pepper-hex');
    expect(expected).toContain('postgres:service_account_tokens service-account-token hmac-pepper-hex');
    for (const k of ['virtual-key-1', 'virtual-key-2']) expect(expected.some((e) => e.startsWith('http:admin-api POST /api/v1/api-keys') && e.endsWith(`${k} plain`))).toBe(true);
    const spans = stack.otlp.spans.length;
    expect(spans).toBeGreaterThan(0);
    expect(stack.redisCommands.count).toBeGreaterThan(0);
    expect(sinks.some((s) => s.sink.startsWith('file:exports'))).toBe(true);
    const [exportsFiles] = [sinks.filter((s) => s.sink.startsWith('file:')).length];
    console.log(
      `canary scan: ${needles.length} needles (9 secrets × plain/tail/base64/hex/SHA-256/HMAC forms) over ${postgres.tables} tables (${postgres.rows} rows), ` +
        `${redis.keys} Redis keys, ${stack.redisCommands.count} Redis commands recorded from ${stack.redisCommands.connections} service connections, ${logs.reduce((n, l) => n + l.text.length, 0)} log chars, ` +
        `${spans} spans, ${answers.length} HTTP answers, ${exportsFiles} files (${logged} logged requests, ${withBodies} with bodies; ${(totalChars(sinks) / 1e6).toFixed(1)} MB scanned): ${findings.length} leaks`,
    );
    expect(findings).toEqual([]);
  });
});
