import { randomBytes } from 'node:crypto';
import { verifyAuditChain } from '@sluice/audit';
import { createAesGcmCredentialCipher, getConfigVersion, loadConfigSnapshot } from '@sluice/db';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

const OLD_KEK = randomBytes(32);
const CURRENT_KEK = randomBytes(32);
const SECRET = 'sk-proj-UPSTREAM-secret-0123456789abcdefXYZ9';

type Res = { statusCode: number; json(): unknown; headers: Record<string, unknown>; body: string };

describe('providers: write-only encrypted credentials, egress guard, KEK rekey, object-level 404 (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let auditor: SignedIn;
  let dev: SignedIn;
  let outsider: SignedIn;
  const cipher = createAesGcmCredentialCipher(CURRENT_KEK, [OLD_KEK]);

  const call = (who: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<Res> =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) }) as unknown as Promise<Res>;

  beforeAll(async () => {
    h = await startAdminApiHarness({ env: { SLUICE_KEK: CURRENT_KEK.toString('base64'), SLUICE_KEK_PREVIOUS: OLD_KEK.toString('base64') } });
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [admin, auditor, dev, outsider] = await Promise.all([h.adminEmail, 'auditor@acme.test', 'dev@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a provider: credentials sealed with the current KEK, never returned, never in the database or audit trail in plaintext', async () => {
    const before = await getConfigVersion(h.dataSource);
    const res = await call(admin, 'POST', '/api/v1/providers', { name: 'OpenAI prod', type: 'openai', baseUrl: 'https://api.openai.com/v1/', credentials: { apiKey: SECRET }, settings: { streamUsage: 'true' } });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(SECRET);
    const view = res.json() as { id: string; credentialsSet: boolean; credentialsHint: string; credentialKeyId: string; baseUrl: string };
    expect(view).toMatchObject({ credentialsSet: true, credentialsHint: '…XYZ9', credentialKeyId: cipher.currentKeyId, baseUrl: 'https://api.openai.com/v1' });
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);

    const [row] = (await h.dataSource.query('SELECT credentials_ciphertext, credentials_key_id FROM providers WHERE id = $1', [view.id])) as Array<{ credentials_ciphertext: Buffer; credentials_key_id: string }>;
    expect(row.credentials_ciphertext.includes(Buffer.from(SECRET))).toBe(false);
    expect(cipher.decrypt({ ciphertext: row.credentials_ciphertext, keyId: row.credentials_key_id })).toBe(SECRET);
    const everything = JSON.stringify(await h.dataSource.query('SELECT to_jsonb(p) AS p FROM providers p')) + JSON.stringify(await h.dataSource.query('SELECT to_jsonb(a) AS a FROM audit_events a'));
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(Buffer.from(SECRET).toString('hex'));

    const got = await call(auditor, 'GET', `/api/v1/providers/${view.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.body).not.toContain(SECRET);
    expect(got.body).not.toMatch(/ciphertext/i);

    const snapshot = await loadConfigSnapshot(h.dataSource, { decryptCredential: (sealed) => cipher.decrypt(sealed), onCredentialError: () => undefined });
    expect(snapshot.providers.find((p) => p.id === view.id)).toMatchObject({ apiKey: SECRET, baseUrl: 'https://api.openai.com/v1', options: { streamUsage: 'true' } });
  });

  it('replaces credentials through PATCH (audited as credentials_replaced, redacted) and removes them with null', async () => {
    const created = (await call(admin, 'POST', '/api/v1/providers', { name: 'Anthropic', type: 'anthropic', baseUrl: 'https://api.anthropic.com', credentials: { apiKey: 'sk-ant-first-key-0000000000AAAA' } })).json() as { id: string };
    const replaced = await call(admin, 'PATCH', `/api/v1/providers/${created.id}`, { credentials: { apiKey: 'sk-ant-second-key-000000000BBBB' } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ credentialsSet: true, credentialsHint: '…BBBB' });
    const events = (await h.dataSource.query(`SELECT action, before, after FROM audit_events WHERE target_id = $1 ORDER BY seq`, [created.id])) as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toEqual(['provider.created', 'provider.credentials_replaced']);
    expect(JSON.stringify(events)).not.toMatch(/sk-ant-(first|second)/);
    const cleared = await call(admin, 'PATCH', `/api/v1/providers/${created.id}`, { credentials: null });
    expect(cleared.json()).toMatchObject({ credentialsSet: false, credentialsHint: null, credentialKeyId: null });
  });

  it('validates credentials per type and refuses secrets in settings, mass assignment and type changes', async () => {
    const base = { name: 'x', type: 'bedrock', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', settings: { region: 'us-east-1' } };
    const ok = await call(admin, 'POST', '/api/v1/providers', { ...base, name: 'Bedrock', credentials: { accessKeyId: 'AKIAEXAMPLE123456789', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ credentialsHint: '…6789' });
    const bad = await call(admin, 'POST', '/api/v1/providers', { ...base, credentials: { apiKey: 'a', secretAccessKey: 'leak-me-please' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain('leak-me-please');
    for (const body of [
      { ...base, settings: { secretAccessKey: 'x' } },
      { ...base, orgId: '00000000-0000-4000-8000-000000000000' },
      { ...base, credentialsCiphertext: 'AAAA' },
      { ...base, credentialsKeyId: 'kek-0' },
      { ...base, type: 'acme-ai' },
    ]) {
      const res = await call(admin, 'POST', '/api/v1/providers', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const id = (ok.json() as { id: string }).id;
    expect((await call(admin, 'PATCH', `/api/v1/providers/${id}`, { type: 'openai' })).statusCode).toBe(400);
    expect((await call(admin, 'PATCH', `/api/v1/providers/${id}`, { orgId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/providers', { ...base, name: 'Bedrock' })).statusCode).toBe(409);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://metadata.google.internal/', 'metadata'],
    ['http://0xa9fea9fe/', 'metadata'],
    ['http://10.0.0.5/v1', 'private'],
    ['http://172.16.1.1/', 'private'],
    ['http://192.168.1.10:8000/v1', 'private'],
    ['http://100.64.0.1/', 'private'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://[fc00::1]/', 'private'],
    ['http://169.254.1.1/', 'link-local'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:pw@api.example.com/', 'credentials-in-url'],
  ])('refuses base URL %s (%s) on create and update', async (baseUrl, reason) => {
    const res = await call(admin, 'POST', '/api/v1/providers', { name: `ssrf ${reason}`, type: 'openai-compatible', baseUrl });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:base-url-not-allowed', errors: [{ path: 'baseUrl', message: expect.stringContaining(reason) }] });
    const [existing] = (await h.dataSource.query(`SELECT id FROM providers WHERE org_id = $1 AND name = 'Mock OpenAI'`, [h.orgId])) as Array<{ id: string }>;
    expect((await call(admin, 'PATCH', `/api/v1/providers/${existing.id}`, { baseUrl })).statusCode).toBe(400);
  });

  it.each([
    ['https://generativelanguage.googleapis.com/v1beta?key=AIzaSy-in-the-url-000', 'credential in its query (key)'],
    ['https://gw.example.com/v1?api_key=sk-in-the-url-000', 'credential in its query (api_key)'],
    ['https://my.openai.azure.com?api-version=2024-06-01', 'has a query (api-version)'],
  ])('refuses base URL %s on create and update with a problem naming the parameter, never its value', async (baseUrl, reason) => {
    const res = await call(admin, 'POST', '/api/v1/providers', { name: `query ${reason}`, type: 'openai-compatible', baseUrl });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'urn:sluice:problem:base-url-not-allowed', errors: [{ path: 'baseUrl', message: expect.stringContaining(reason) }] });
    expect(res.body).not.toContain('in-the-url');
    const [existing] = (await h.dataSource.query(`SELECT id FROM providers WHERE org_id = $1 AND name = 'Mock OpenAI'`, [h.orgId])) as Array<{ id: string }>;
    const patched = await call(admin, 'PATCH', `/api/v1/providers/${existing.id}`, { baseUrl });
    expect(patched.statusCode).toBe(400);
    expect(patched.body).not.toContain('in-the-url');
  });

  it('allows loopback base URLs when EGRESS_ALLOW_LOOPBACK=true (the harness default)', async () => {
    const res = await call(admin, 'POST', '/api/v1/providers', { name: 'local vLLM', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1' });
    expect(res.statusCode).toBe(201);
  });

  it('lists with filters, sorting and a cursor; hides providers from other roles and orgs', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(admin, 'GET', `/api/v1/providers?limit=2&sort=name&order=desc${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: Array<{ name: string }>; nextCursor: string | null };
      names.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
    } while (cursor);
    const [count] = (await h.dataSource.query('SELECT count(*)::int AS n FROM providers WHERE org_id = $1', [h.orgId])) as Array<{ n: number }>;
    expect(names).toHaveLength(count.n);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    const filtered = (await call(admin, 'GET', '/api/v1/providers?type=anthropic&q=anthro')).json() as { items: Array<{ type: string }> };
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((p) => p.type === 'anthropic')).toBe(true);
    expect((await call(admin, 'GET', '/api/v1/providers?sort=secret')).statusCode).toBe(400);
    expect((await call(admin, 'GET', '/api/v1/providers?cursor=garbage')).statusCode).toBe(400);

    expect((await call(dev, 'GET', '/api/v1/providers')).statusCode).toBe(403);
    expect(((await call(outsider, 'GET', '/api/v1/providers')).json() as { items: unknown[] }).items).toEqual([]);
    const id = (filtered.items[0] as unknown as { id: string }).id;
    expect((await call(outsider, 'GET', `/api/v1/providers/${id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'PATCH', `/api/v1/providers/${id}`, { enabled: false })).statusCode).toBe(404);
    expect((await call(outsider, 'DELETE', `/api/v1/providers/${id}`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', '/api/v1/providers/not-a-uuid')).statusCode).toBe(404);
  });

  it('refuses to delete a provider that deployments use, deletes it once they are gone', async () => {
    const [mock] = (await h.dataSource.query(`SELECT id FROM providers WHERE org_id = $1 AND name = 'Mock OpenAI'`, [h.orgId])) as Array<{ id: string }>;
    expect((await call(admin, 'DELETE', `/api/v1/providers/${mock.id}`)).statusCode).toBe(409);
    const created = (await call(admin, 'POST', '/api/v1/providers', { name: 'to delete', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', credentials: { apiKey: 'AIzaSy-delete-me-000000' } })).json() as { id: string };
    const before = await getConfigVersion(h.dataSource);
    expect((await call(admin, 'DELETE', `/api/v1/providers/${created.id}`)).statusCode).toBe(204);
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    expect((await call(admin, 'GET', `/api/v1/providers/${created.id}`)).statusCode).toBe(404);
  });

  it('rekey re-seals credentials sealed with a previous KEK and reports ones it cannot read', async () => {
    const oldCipher = createAesGcmCredentialCipher(OLD_KEK);
    const sealed = oldCipher.encrypt('sk-sealed-with-the-old-kek');
    const [legacy] = (await h.dataSource.query(
      `INSERT INTO providers (org_id, name, type, base_url, credentials_ciphertext, credentials_key_id) VALUES ($1, 'legacy', 'openai', 'https://api.openai.com/v1', $2, $3) RETURNING id`,
      [h.orgId, sealed.ciphertext, sealed.keyId],
    )) as Array<{ id: string }>;
    expect((await call(auditor, 'POST', '/api/v1/providers/rekey', {})).statusCode).toBe(403);
    const res = await call(admin, 'POST', '/api/v1/providers/rekey', {});
    expect(res.statusCode).toBe(200);
    const result = res.json() as { currentKeyId: string; rekeyed: number; alreadyCurrent: number; failed: Array<{ name: string }> };
    expect(result.currentKeyId).toBe(cipher.currentKeyId);
    expect(result.rekeyed).toBe(1);
    expect(result.alreadyCurrent).toBeGreaterThan(0);
    // The seed sealed the mock providers with a key this admin API was never given.
    expect(result.failed.map((f) => f.name).sort()).toEqual(['Mock Anthropic', 'Mock OpenAI']);
    const [row] = (await h.dataSource.query('SELECT credentials_ciphertext, credentials_key_id FROM providers WHERE id = $1', [legacy.id])) as Array<{ credentials_ciphertext: Buffer; credentials_key_id: string }>;
    expect(row.credentials_key_id).toBe(cipher.currentKeyId);
    expect(createAesGcmCredentialCipher(CURRENT_KEK).decrypt({ ciphertext: row.credentials_ciphertext, keyId: row.credentials_key_id })).toBe('sk-sealed-with-the-old-kek');
    const again = (await call(admin, 'POST', '/api/v1/providers/rekey', {})).json() as { rekeyed: number };
    expect(again.rekeyed).toBe(0);
    expect(await verifyAuditChain(h.dataSource, h.orgId)).toMatchObject({ ok: true });
  });
});

describe('providers: loopback base URLs without EGRESS_ALLOW_LOOPBACK', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;

  beforeAll(async () => {
    h = await startAdminApiHarness({ env: { EGRESS_ALLOW_LOOPBACK: 'false', EGRESS_ALLOWED_HOSTS: 'vllm.corp.example,10.20.0.0/16' } });
    admin = await signIn(h.app, h.adminEmail);
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = (baseUrl: string) =>
    h.app.inject({ method: 'POST', url: '/api/v1/providers', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, payload: { name: `p ${baseUrl}`, type: 'openai-compatible', baseUrl } });

  it.each(['http://127.0.0.1:4300/v1', 'http://localhost:4300/v1', 'http://[::1]:8000/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/'])('refuses %s', async (baseUrl) => {
    const res = await create(baseUrl);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errors: [{ path: 'baseUrl', message: expect.stringContaining('loopback') }] });
  });

  it('lets allow-listed hosts and CIDRs through', async () => {
    expect((await create('http://vllm.corp.example:8000/v1')).statusCode).toBe(201);
    expect((await create('http://10.20.1.2:8000/v1')).statusCode).toBe(201);
    expect((await create('http://10.21.1.2:8000/v1')).statusCode).toBe(400);
  });
});
