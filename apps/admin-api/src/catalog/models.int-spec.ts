import { getConfigVersion, loadConfigSnapshot } from '@sluice/db';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

type Res = { statusCode: number; json(): unknown; headers: Record<string, unknown>; body: string };
interface ModelItem {
  id: string;
  name: string;
  provider: string;
  capabilities: string[];
  modalities: string[];
  contextWindow: number;
  inputPricePer1M: number;
  status: string;
}

describe('model catalog: browse with filters/sorting, maintain, deprecate (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;

  const call = (who: SignedIn, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<Res> =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) }) as unknown as Promise<Res>;
  const list = async (who: SignedIn, query: string) => {
    const res = await call(who, 'GET', `/api/v1/models?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: ModelItem[]; nextCursor: string | null };
  };
  const all = async (query: string): Promise<ModelItem[]> => {
    const items: ModelItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(viewer, `${query}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'viewer@acme.test', h.orgId, 'viewer');
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [admin, viewer, outsider] = await Promise.all([h.adminEmail, 'viewer@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every role browses the seeded catalog; filters narrow it', async () => {
    const [count] = (await h.dataSource.query('SELECT count(*)::int AS n FROM models WHERE org_id = $1', [h.orgId])) as Array<{ n: number }>;
    expect(await all('sort=name')).toHaveLength(count.n);

    const json = await all('capability=json');
    expect(json.length).toBeGreaterThan(0);
    expect(json.every((m) => m.capabilities.includes('json_mode'))).toBe(true);
    const anthropicVision = await all('provider=anthropic&capability=vision');
    expect(anthropicVision.length).toBeGreaterThan(0);
    expect(anthropicVision.every((m) => m.provider === 'anthropic' && m.capabilities.includes('vision'))).toBe(true);
    const cheapLong = await all('minContextWindow=1000000&maxInputPrice=0.5');
    expect(cheapLong.length).toBeGreaterThan(0);
    expect(cheapLong.every((m) => m.contextWindow >= 1_000_000 && m.inputPricePer1M <= 0.5)).toBe(true);
    expect((await all('modality=audio')).every((m) => m.modalities.includes('audio'))).toBe(true);
    expect((await all('status=deprecated')).every((m) => m.status === 'deprecated')).toBe(true);
    expect((await all('q=haiku')).map((m) => m.name)).toEqual(expect.arrayContaining(['claude-haiku-4-5', 'claude-3-5-haiku']));
    expect((await call(viewer, 'GET', '/api/v1/models?capability=teleportation')).statusCode).toBe(400);
    expect((await call(viewer, 'GET', '/api/v1/models?orgId=x')).statusCode).toBe(400);
  });

  it('sorts by input price and context window in both directions across pages', async () => {
    const byPrice = await all('sort=inputPrice&order=desc');
    const prices = byPrice.map((m) => m.inputPricePer1M);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    expect(new Set(byPrice.map((m) => m.id)).size).toBe(byPrice.length);
    const byContext = (await all('sort=contextWindow&order=asc')).map((m) => m.contextWindow);
    expect(byContext).toEqual([...byContext].sort((a, b) => a - b));
  });

  it('shows which teams may use a model and its deployments', async () => {
    const [mini] = (await list(viewer, 'q=gpt-4o-mini')).items.filter((m) => m.name === 'gpt-4o-mini');
    const seenByViewer = (await call(viewer, 'GET', `/api/v1/models/${mini.id}`)).json() as { teamsWithAccess: unknown[]; deployments: unknown[] };
    expect(seenByViewer.teamsWithAccess).toEqual([]); // the viewer belongs to no team and may not list the org's teams
    expect(seenByViewer.deployments).toHaveLength(1);
    const detail = (await call(admin, 'GET', `/api/v1/models/${mini.id}`)).json() as { teamsWithAccess: Array<{ id: string; allModels: boolean }>; deployments: Array<{ providerName: string; upstreamModel: string }> };
    expect(detail.teamsWithAccess).toEqual([expect.objectContaining({ id: h.teamId, allModels: true })]);
    expect(detail.deployments).toEqual([expect.objectContaining({ providerName: 'Mock OpenAI', upstreamModel: 'gpt-4o-mini' })]);
    await h.dataSource.query(`UPDATE teams SET allowed_models = '{claude-haiku-4-5}' WHERE id = $1`, [h.teamId]);
    const restricted = (await call(admin, 'GET', `/api/v1/models/${mini.id}`)).json() as { teamsWithAccess: unknown[] };
    expect(restricted.teamsWithAccess).toEqual([]);
    await h.dataSource.query(`UPDATE teams SET allowed_models = '{}' WHERE id = $1`, [h.teamId]);
    expect((await call(outsider, 'GET', `/api/v1/models/${mini.id}`)).statusCode).toBe(404);
  });

  it('admins add, change and deprecate models; the gateway snapshot follows; viewers cannot', async () => {
    const body = { name: 'acme-llm-1', family: 'acme', provider: 'openai-compatible', contextWindow: 32000, inputPricePer1M: 0.5, outputPricePer1M: 1.5, capabilities: ['chat', 'tools'], tags: ['internal'] };
    expect((await call(viewer, 'POST', '/api/v1/models', body)).statusCode).toBe(403);
    for (const extra of [{ orgId: h.orgId }, { id: '00000000-0000-4000-8000-000000000000' }, { capabilities: ['mind_reading'] }, { inputPricePer1M: -1 }]) {
      expect((await call(admin, 'POST', '/api/v1/models', { ...body, ...extra })).statusCode).toBe(400);
    }
    const before = await getConfigVersion(h.dataSource);
    const created = await call(admin, 'POST', '/api/v1/models', body);
    expect(created.statusCode).toBe(201);
    const model = created.json() as ModelItem;
    expect(model).toMatchObject({ name: 'acme-llm-1', status: 'ga', modalities: ['text'], maxOutputTokens: null, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null });
    expect(await getConfigVersion(h.dataSource)).toBe(before + 1);
    expect((await call(admin, 'POST', '/api/v1/models', body)).statusCode).toBe(409);

    const changed = await call(admin, 'PATCH', `/api/v1/models/${model.id}`, { inputPricePer1M: 0.25, status: 'preview' });
    expect(changed.json()).toMatchObject({ inputPricePer1M: 0.25, status: 'preview' });
    expect((await call(admin, 'PATCH', `/api/v1/models/${model.id}`, { name: 'renamed' })).statusCode).toBe(400);
    let snapshot = await loadConfigSnapshot(h.dataSource);
    expect(snapshot.models.find((m) => m.name === 'acme-llm-1')).toMatchObject({ inputPricePer1M: 0.25, outputPricePer1M: 1.5 });

    // Cache-write price and long-context tier: validated, read back, carried to the gateway, cleared with null.
    const longContext = { aboveTokens: 200000, inputPricePer1M: 1, outputPricePer1M: 3, cachedInputPricePer1M: 0.1, cacheWritePricePer1M: 1.25 };
    const bad = await call(admin, 'PATCH', `/api/v1/models/${model.id}`, { cacheWritePricePer1M: -1, longContext: { aboveTokens: 0, inputPricePer1M: 1, outputPricePer1M: 3 } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort()).toEqual([
      'cacheWritePricePer1M',
      'longContext.aboveTokens',
      'longContext.cachedInputPricePer1M',
    ]);
    const tiered = await call(admin, 'PATCH', `/api/v1/models/${model.id}`, { cacheWritePricePer1M: 0.625, longContext });
    expect(tiered.json()).toMatchObject({ cacheWritePricePer1M: 0.625, longContext });
    expect(((await call(viewer, 'GET', `/api/v1/models/${model.id}`)).json() as { longContext: unknown }).longContext).toEqual({ ...longContext, cacheWrite1hPricePer1M: null });
    snapshot = await loadConfigSnapshot(h.dataSource);
    expect(snapshot.models.find((m) => m.name === 'acme-llm-1')).toMatchObject({ cacheWritePricePer1M: 0.625, longContext });

    // 1-hour cache-write price, on the model and in its tier: a negative one, or a tier's without the tier, is a 400 naming the fields.
    const bad1h = await call(admin, 'PATCH', `/api/v1/models/${model.id}`, { cacheWrite1hPricePer1M: -2, longContext: { cacheWrite1hPricePer1M: 2 } });
    expect(bad1h.statusCode).toBe(400);
    expect(bad1h.headers['content-type']).toContain('application/problem+json');
    expect((bad1h.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort()).toEqual([
      'cacheWrite1hPricePer1M',
      'longContext.aboveTokens',
      'longContext.cachedInputPricePer1M',
      'longContext.inputPricePer1M',
      'longContext.outputPricePer1M',
    ]);
    const with1h = await call(admin, 'PATCH', `/api/v1/models/${model.id}`, { cacheWrite1hPricePer1M: 1, longContext: { ...longContext, cacheWrite1hPricePer1M: 2 } });
    expect(with1h.json()).toMatchObject({ cacheWritePricePer1M: 0.625, cacheWrite1hPricePer1M: 1, longContext: { ...longContext, cacheWrite1hPricePer1M: 2 } });
    expect((await call(viewer, 'GET', `/api/v1/models/${model.id}`)).json()).toMatchObject({ cacheWrite1hPricePer1M: 1, longContext: { cacheWrite1hPricePer1M: 2 } });
    snapshot = await loadConfigSnapshot(h.dataSource);
    expect(snapshot.models.find((m) => m.name === 'acme-llm-1')).toMatchObject({ cacheWrite1hPricePer1M: 1, longContext: { ...longContext, cacheWrite1hPricePer1M: 2 } });
    expect((await call(admin, 'PATCH', `/api/v1/models/${model.id}`, { longContext: null })).json()).toMatchObject({ cacheWritePricePer1M: 0.625, cacheWrite1hPricePer1M: 1, longContext: null });

    const deprecated = await call(admin, 'POST', `/api/v1/models/${model.id}/deprecate`, {});
    expect(deprecated.statusCode).toBe(200);
    expect(deprecated.json()).toMatchObject({ status: 'deprecated', deprecationDate: new Date().toISOString().slice(0, 10) });
    snapshot = await loadConfigSnapshot(h.dataSource);
    expect(snapshot.models.find((m) => m.name === 'acme-llm-1')).toBeUndefined();

    const later = await call(admin, 'POST', `/api/v1/models/${model.id}/deprecate`, { deprecationDate: '2999-01-01' });
    expect(later.json()).toMatchObject({ status: 'deprecated', deprecationDate: '2999-01-01' });
    snapshot = await loadConfigSnapshot(h.dataSource);
    expect(snapshot.models.find((m) => m.name === 'acme-llm-1')).toBeDefined();

    const actions = (await h.dataSource.query('SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq', [model.id])) as Array<{ action: string }>;
    expect(actions.map((a) => a.action)).toEqual(['model.created', 'model.updated', 'model.updated', 'model.updated', 'model.updated', 'model.deprecated', 'model.deprecated']);
    expect((await call(outsider, 'PATCH', `/api/v1/models/${model.id}`, { inputPricePer1M: 0 })).statusCode).toBe(404);
    expect((await call(outsider, 'POST', `/api/v1/models/${model.id}/deprecate`, {})).statusCode).toBe(404);
  });
});
