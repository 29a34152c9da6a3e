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
 * End to end: a key rotated with a grace period through the admin API keeps its old secret working
 * on a real gateway process next to the new one; revoking ends both, and a rotation without grace
 * ends the old secret at once. The gateway's poll is a minute, so only the publish explains a change.
 */
describe('API key rotation grace period on a running gateway (admin API + gateway process + mock provider)', () => {
  let h: AdminApiHarness;
  let mock: MockProviderProcess;
  let gateway: SpawnedService;
  let admin: SignedIn;

  const call = (url: string, payload: object) => h.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload });
  const chat = async (secret: string) => {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] }),
    });
    lastAnswer = `${res.status} ${(await res.text()).slice(0, 300)}`;
    return res.status;
  };
  let lastAnswer = '';
  /** Waits for the gateway to answer `status` for `secret`; on timeout says what it answered and what it logged. */
  const untilStatus = async (secret: string, status: number) => {
    try {
      await waitFor(async () => (await chat(secret)) === status, { timeoutMs: 10_000, intervalMs: 25, what: `HTTP ${status} from the gateway` });
    } catch (error) {
      throw new Error(`${(error as Error).message}; last answer: ${lastAnswer}\ngateway output:\n${gateway.output().slice(-4000)}`);
    }
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
        LOG_LEVEL: 'info',
        CONFIG_POLL_INTERVAL_MS: '60000',
        USAGE_SPOOL_DIR: join(mkdtempSync(join(tmpdir(), 'sluice-rotation-e2e-')), 'spool'),
      },
      url: `http://127.0.0.1:${port}`,
    });
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
    await mock?.stop();
    await h?.close();
  });

  it('old and new secrets both work during the grace period; revoking ends both', async () => {
    const created = await call('/api/v1/api-keys', { name: 'graceful', teamId: h.teamId });
    expect(created.statusCode).toBe(201);
    const { key, secret: original } = created.json() as { key: { id: string }; secret: string };
    await untilStatus(original, 200);

    const rotated = await call(`/api/v1/api-keys/${key.id}/rotate`, { gracePeriodSeconds: 3600 });
    expect(rotated.statusCode).toBe(200);
    const { secret: next } = rotated.json() as { secret: string };
    await untilStatus(next, 200);
    expect(await chat(original)).toBe(200);

    expect((await call(`/api/v1/api-keys/${key.id}/revoke`, {})).statusCode).toBe(200);
    await untilStatus(next, 401);
    expect(await chat(original)).toBe(401);
  });

  it('a rotation without grace period ends the old secret at once', async () => {
    const created = await call('/api/v1/api-keys', { name: 'abrupt', teamId: h.teamId });
    const { key, secret: original } = created.json() as { key: { id: string }; secret: string };
    await untilStatus(original, 200);
    const { secret: next } = (await call(`/api/v1/api-keys/${key.id}/rotate`, {})).json() as { secret: string };
    await untilStatus(next, 200);
    expect(await chat(original)).toBe(401);
  });
});
