import { Redis } from 'ioredis';
import { configChangedChannel } from '@sluice/contracts';
import { getConfigVersion, loadConfigSnapshot } from '@sluice/db';
import { waitFor } from '@sluice/testing';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

type Res = { statusCode: number; headers: Record<string, string | string[] | number | undefined>; json(): unknown; body: string };

describe('deployments: model ↔ provider mapping, published to the gateways (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let auditor: SignedIn;
  let outsider: SignedIn;
  let modelId: string;
  let providerId: string;
  let otherOrgProviderId: string;

  const call = (who: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<Res> =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) }) as unknown as Promise<Res>;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    const [foreign] = (await h.dataSource.query(`INSERT INTO providers (org_id, name, type, base_url) VALUES ($1, 'theirs', 'openai', 'https://api.openai.com/v1') RETURNING id`, [org.id])) as Array<{ id: string }>;
    otherOrgProviderId = foreign.id;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [admin, auditor, outsider] = await Promise.all([h.adminEmail, 'auditor@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
    [{ id: modelId }] = (await h.dataSource.query(`SELECT id FROM models WHERE org_id = $1 AND name = 'claude-opus-4-1'`, [h.orgId])) as Array<{ id: string }>;
    [{ id: providerId }] = (await h.dataSource.query(`SELECT id FROM providers WHERE org_id = $1 AND name = 'Mock Anthropic'`, [h.orgId])) as Array<{ id: string }>;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a deployment with price overrides and capacity hints; the snapshot carries them and the version is published', async () => {
    const subscriber = new Redis(h.redis.url, { maxRetriesPerRequest: 1 });
    const messages: string[] = [];
    subscriber.on('message', (_c: string, m: string) => messages.push(m));
    await subscriber.subscribe(configChangedChannel(h.config.QUEUE_PREFIX));
    try {
      const before = await getConfigVersion(h.dataSource);
      const res = await call(admin, 'POST', '/api/v1/deployments', { modelId, providerId, upstreamModel: 'claude-opus-4-1', weight: 3, priority: 1, rpm: 500, tpm: 200000, inputPricePer1M: 12 });
      expect(res.statusCode).toBe(201);
      const created = res.json() as { id: string };
      expect(created).toMatchObject({ weight: 3, priority: 1, rpm: 500, tpm: 200000, inputPricePer1M: 12, outputPricePer1M: null, enabled: true });
      expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
      await waitFor(async () => messages.length > 0, { timeoutMs: 10_000, what: 'config publish' });
      expect(messages.map((m) => JSON.parse(m) as unknown)).toEqual([{ version: before + 1 }]);

      const snapshot = await loadConfigSnapshot(h.dataSource);
      expect(snapshot.deployments.find((d) => d.id === created.id)).toEqual(
        expect.objectContaining({
          modelName: 'claude-opus-4-1',
          providerId,
          weight: 3,
          priority: 1,
          rpm: 500,
          tpm: 200000,
          prices: { inputPricePer1M: 12, outputPricePer1M: 75, cachedInputPricePer1M: 1.5, cacheWritePricePer1M: 18.75, cacheWrite1hPricePer1M: 30 },
        }),
      );
      expect((await call(admin, 'POST', '/api/v1/deployments', { modelId, providerId, upstreamModel: 'claude-opus-4-1' })).statusCode).toBe(409);

      const longContext = { aboveTokens: 200000, inputPricePer1M: 24, outputPricePer1M: 110, cachedInputPricePer1M: 2.4 };
      const tiered = await call(admin, 'PATCH', `/api/v1/deployments/${created.id}`, { cacheWritePricePer1M: 15, longContext });
      expect(tiered.json()).toMatchObject({ inputPricePer1M: 12, cacheWritePricePer1M: 15, cacheWrite1hPricePer1M: null, longContext: { ...longContext, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null } });
      expect((await loadConfigSnapshot(h.dataSource)).deployments.find((d) => d.id === created.id)?.prices).toEqual({
        inputPricePer1M: 12,
        outputPricePer1M: 75,
        cachedInputPricePer1M: 1.5,
        cacheWritePricePer1M: 15,
        cacheWrite1hPricePer1M: 30,
        longContext,
      });
      const bad = await call(admin, 'PATCH', `/api/v1/deployments/${created.id}`, { longContext: { ...longContext, aboveTokens: 0, outputPricePer1M: -1 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ type: expect.stringContaining('validation-failed'), errors: [{ path: 'longContext.aboveTokens' }, { path: 'longContext.outputPricePer1M' }] });

      // The 1-hour cache-write price: an override of its own and in the tier; a negative one, or a tier's without the tier, is a 400 naming the fields.
      const bad1h = await call(admin, 'PATCH', `/api/v1/deployments/${created.id}`, { cacheWrite1hPricePer1M: -1, longContext: { cacheWrite1hPricePer1M: 30 } });
      expect(bad1h.statusCode).toBe(400);
      expect(bad1h.headers['content-type']).toContain('application/problem+json');
      expect((bad1h.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort()).toEqual([
        'cacheWrite1hPricePer1M',
        'longContext.aboveTokens',
        'longContext.cachedInputPricePer1M',
        'longContext.inputPricePer1M',
        'longContext.outputPricePer1M',
      ]);
      const with1h = await call(admin, 'PATCH', `/api/v1/deployments/${created.id}`, { cacheWrite1hPricePer1M: 24, longContext: { ...longContext, cacheWrite1hPricePer1M: 48 } });
      expect(with1h.json()).toMatchObject({ cacheWritePricePer1M: 15, cacheWrite1hPricePer1M: 24, longContext: { ...longContext, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: 48 } });
      expect((await loadConfigSnapshot(h.dataSource)).deployments.find((d) => d.id === created.id)?.prices).toMatchObject({
        cacheWritePricePer1M: 15,
        cacheWrite1hPricePer1M: 24,
        longContext: { ...longContext, cacheWrite1hPricePer1M: 48 },
      });

      const cleared = await call(admin, 'PATCH', `/api/v1/deployments/${created.id}`, { cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null, longContext: null });
      expect(cleared.json()).toMatchObject({ cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null, longContext: null });
    } finally {
      await subscriber.quit();
    }
  });

  it('refuses models and providers of another org (404), unknown fields (400), and non-admins (403)', async () => {
    expect((await call(admin, 'POST', '/api/v1/deployments', { modelId, providerId: otherOrgProviderId, upstreamModel: 'x' })).statusCode).toBe(404);
    expect((await call(admin, 'POST', '/api/v1/deployments', { modelId: '00000000-0000-4000-8000-000000000000', providerId, upstreamModel: 'x' })).statusCode).toBe(404);
    expect((await call(outsider, 'POST', '/api/v1/deployments', { modelId, providerId: otherOrgProviderId, upstreamModel: 'x' })).statusCode).toBe(404);
    for (const extra of [{ orgId: h.orgId }, { weight: 0 }, { priority: -1 }, { id: modelId }]) {
      expect((await call(admin, 'POST', '/api/v1/deployments', { modelId, providerId, upstreamModel: 'x', ...extra })).statusCode).toBe(400);
    }
    expect((await call(auditor, 'POST', '/api/v1/deployments', { modelId, providerId, upstreamModel: 'x' })).statusCode).toBe(403);
    expect((await call(auditor, 'GET', '/api/v1/deployments')).statusCode).toBe(200);
  });

  it('updates, lists with filters and deletes; disabled deployments leave the snapshot; other orgs get 404', async () => {
    const created = (await call(admin, 'POST', '/api/v1/deployments', { modelId, providerId, upstreamModel: 'opus-backup', priority: 5 })).json() as { id: string };
    expect((await call(admin, 'PATCH', `/api/v1/deployments/${created.id}`, { providerId: otherOrgProviderId })).statusCode).toBe(400);
    const disabled = await call(admin, 'PATCH', `/api/v1/deployments/${created.id}`, { enabled: false, outputPricePer1M: 60 });
    expect(disabled.json()).toMatchObject({ enabled: false, outputPricePer1M: 60 });
    expect((await loadConfigSnapshot(h.dataSource)).deployments.find((d) => d.id === created.id)).toBeUndefined();

    const forModel = (await call(auditor, 'GET', `/api/v1/deployments?modelId=${modelId}&sort=priority&order=desc`)).json() as { items: Array<{ id: string; priority: number; modelId: string }> };
    expect(forModel.items.map((d) => d.priority)).toEqual([5, 1]);
    const onlyDisabled = (await call(auditor, 'GET', '/api/v1/deployments?enabled=false')).json() as { items: Array<{ id: string }> };
    expect(onlyDisabled.items.map((d) => d.id)).toEqual([created.id]);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(auditor, 'GET', `/api/v1/deployments?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: Array<{ id: string }>; nextCursor: string | null };
      pages.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    const [count] = (await h.dataSource.query('SELECT count(*)::int AS n FROM deployments d JOIN providers p ON p.id = d.provider_id WHERE p.org_id = $1', [h.orgId])) as Array<{ n: number }>;
    expect(new Set(pages).size).toBe(count.n);
    expect(((await call(outsider, 'GET', '/api/v1/deployments')).json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).not.toContain(created.id);

    expect((await call(outsider, 'GET', `/api/v1/deployments/${created.id}`)).statusCode).toBe(404);
    expect((await call(outsider, 'PATCH', `/api/v1/deployments/${created.id}`, { weight: 2 })).statusCode).toBe(404);
    expect((await call(outsider, 'DELETE', `/api/v1/deployments/${created.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'DELETE', `/api/v1/deployments/${created.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', `/api/v1/deployments/${created.id}`)).statusCode).toBe(404);
    const actions = (await h.dataSource.query('SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq', [created.id])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['deployment.created', 'deployment.updated', 'deployment.deleted']);
  });
});
