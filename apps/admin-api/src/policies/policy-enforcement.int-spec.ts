import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialCipherFromEnv, DEV_KEK, mockProviderBaseUrls } from '@sluice/db';
import { freePort, spawnService, startMockProvider, waitFor, type MockProviderProcess, type SpawnedService } from '@sluice/testing';
import { KEY_PEPPER, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

/** The credential the mock provider accepts (as seeded by libs/db seedDemo). */
const MOCK_CREDENTIAL = 'mock-key';
const GATEWAY_ENTRY = join(__dirname, '..', '..', '..', 'gateway', 'dist', 'main.js');

/**
 * End to end: a policy created and attached through the admin API reaches a real gateway process
 * (Postgres snapshot, reload on the Redis config channel) and is enforced within a second; detaching
 * it lifts the limit as fast. The gateway's poll is set to a minute so only the publish can explain it.
 */
describe('a rate-limit policy attached to a team is enforced by a running gateway (admin API + gateway process + mock provider)', () => {
  let h: AdminApiHarness;
  let mock: MockProviderProcess;
  let gateway: SpawnedService;
  let admin: SignedIn;
  let secret: string;

  const call = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, ...(payload ? { payload } : {}) });
  const chat = async () => {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] }),
    });
    await res.arrayBuffer();
    return res.status;
  };

  beforeAll(async () => {
    [h, mock] = await Promise.all([startAdminApiHarness(), startMockProvider()]);
    const urls = mockProviderBaseUrls(mock.url);
    // The harness sealed the mock credentials with a random KEK; reseal them with the one the gateway process gets.
    const sealed = credentialCipherFromEnv({ SLUICE_KEK: DEV_KEK, SLUICE_KEK_PREVIOUS: [] }).encrypt(MOCK_CREDENTIAL);
    for (const [name, url] of [['Mock OpenAI', urls['mock-openai']], ['Mock Anthropic', urls['mock-anthropic']]]) {
      await h.dataSource.query('UPDATE providers SET base_url = $1, credentials_ciphertext = $2, credentials_key_id = $3 WHERE name = $4', [url, sealed.ciphertext, sealed.keyId, name]);
    }
    admin = await signIn(h.app, h.adminEmail);
    const key = await call('POST', '/api/v1/api-keys', { name: 'enforcement', teamId: h.teamId });
    expect(key.statusCode).toBe(201);
    secret = (key.json() as { secret: string }).secret;
    const port = await freePort();
    gateway = await spawnService({
      name: 'gateway',
      entry: GATEWAY_ENTRY,
      env: {
        ...process.env,
        DATABASE_URL: h.config.DATABASE_URL,
        REDIS_URL: h.redis.url,
        QUEUE_PREFIX: h.config.QUEUE_PREFIX,
        SLUICE_KEY_PEPPER: KEY_PEPPER,
        SLUICE_KEK: DEV_KEK,
        GATEWAY_PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        CONFIG_POLL_INTERVAL_MS: '60000',
        USAGE_SPOOL_DIR: join(mkdtempSync(join(tmpdir(), 'sluice-policy-e2e-')), 'spool'),
      },
      url: `http://127.0.0.1:${port}`,
    });
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
    await mock?.stop();
    await h?.close();
  });

  it('serves without limits, returns 429 after the attach and serves again after the detach, without waiting for the 60 s poll', async () => {
    for (let i = 0; i < 3; i++) expect(await chat()).toBe(200);

    const created = await call('POST', '/api/v1/policies', { kind: 'rate_limit', name: 'one per minute', spec: { rpm: 1 } });
    expect(created.statusCode).toBe(201);
    const policyId = (created.json() as { id: string }).id;
    const attached = await call('POST', `/api/v1/policies/${policyId}/attachments`, { scopeType: 'team', scopeId: h.teamId });
    expect(attached.statusCode).toBe(201);
    await waitFor(async () => (await chat()) === 429, { timeoutMs: 10_000, intervalMs: 25, what: 'the attached limit on the gateway' });

    const detached = await call('DELETE', `/api/v1/policies/${policyId}/attachments/${(attached.json() as { id: string }).id}`);
    expect(detached.statusCode).toBe(204);
    await waitFor(async () => (await chat()) === 200, { timeoutMs: 10_000, intervalMs: 25, what: 'the detached limit gone from the gateway' });
    expect(await chat()).toBe(200);
  });
});
