import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { insertUsage, type UsageFixtureEvent } from '../testing/usage-fixture';

jest.setTimeout(120_000);

type Log = { id: string; requestId: string; occurredAt: string; model: string; status: string; latencyMs: number; apiKeyId: string; cacheStatus: string };

describe('request logs API: filters, keyset paging, scope and 404 across orgs (real Postgres)', () => {
  let h: AdminApiHarness;
  let owner: SignedIn, dev: SignedIn, outsider: SignedIn;
  let devKey: string, ownerKey: string;
  let events: UsageFixtureEvent[];

  const get = async (who: SignedIn, url: string) => {
    const res = await h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
    return { status: res.statusCode, body: res.json() as { items: Log[]; nextCursor: string | null } & Log };
  };
  const idOf = async (requestId: string) => ((await h.dataSource.query('SELECT event_id FROM request_logs WHERE request_id = $1', [requestId])) as Array<{ event_id: string }>)[0].event_id;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    const devId = await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [owner, dev, outsider] = await Promise.all([h.adminEmail, 'dev@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
    const key = async (who: SignedIn) =>
      ((await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, payload: { name: 'k', teamId: h.teamId } })).json() as { key: { id: string } }).key.id;
    devKey = await key(dev);
    ownerKey = await key(owner);
    const base = Date.parse('2026-11-20T12:00:00Z');
    events = Array.from({ length: 60 }, (_, i) => ({
      // Pairs share a timestamp so paging must break ties on the event id.
      occurredAt: new Date(base + Math.floor(i / 2) * 1000),
      orgId: h.orgId,
      teamId: h.teamId,
      apiKeyId: i % 3 === 0 ? devKey : ownerKey,
      userId: i % 3 === 0 ? devId : null,
      model: i % 2 ? 'gpt-4o-mini' : 'claude-sonnet',
      provider: i % 2 ? 'openai' : 'anthropic',
      status: i % 5 === 0 ? 'error' : 'success',
      httpStatus: i % 5 === 0 ? 500 : 200,
      promptTokens: i,
      completionTokens: 2 * i,
      costUsd: i / 1000,
      latencyMs: 10 * i,
      cacheStatus: i % 7 === 0 ? 'hit' : 'miss',
      requestId: `req-${i}`,
    }));
    await insertUsage(h.dataSource, [...events, { ...events[1], orgId: org.id, teamId: null, apiKeyId: null, userId: null, requestId: 'req-other-org' }]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pages through every log of the org newest first, without duplicates, with a keyset cursor', async () => {
    const seen: Log[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await get(owner, `/api/v1/request-logs?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(events.length);
    expect(new Set(seen.map((l) => l.id)).size).toBe(events.length);
    const times = seen.map((l) => Date.parse(l.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen.map((l) => l.requestId)).not.toContain('req-other-org');
  });

  it('filters by model, status, cache status, latency, request id and time range', async () => {
    const expectIds = async (query: string, predicate: (e: UsageFixtureEvent, i: number) => boolean) => {
      const { status, body } = await get(owner, `/api/v1/request-logs?limit=200&${query}`);
      expect(status).toBe(200);
      expect(body.items.map((l) => l.requestId).sort()).toEqual(events.filter(predicate).map((e) => e.requestId).sort());
    };
    await expectIds('model=claude-sonnet&status=error', (e) => e.model === 'claude-sonnet' && e.status === 'error');
    await expectIds('cacheStatus=hit', (e) => e.cacheStatus === 'hit');
    await expectIds('minLatencyMs=455', (e) => e.latencyMs >= 455);
    await expectIds('requestId=req-17', (e) => e.requestId === 'req-17');
    await expectIds(`keyId=${devKey}&provider=anthropic`, (e) => e.apiKeyId === devKey && e.provider === 'anthropic');
    await expectIds('from=2026-11-20T12:00:05Z&to=2026-11-20T12:00:10Z', (e) => e.occurredAt.getTime() >= Date.parse('2026-11-20T12:00:05Z') && e.occurredAt.getTime() < Date.parse('2026-11-20T12:00:10Z'));
  });

  it('a developer sees only logs of their own keys; others’ logs and other orgs’ logs are 404', async () => {
    const { body } = await get(dev, '/api/v1/request-logs?limit=200');
    expect(body.items.length).toBe(events.filter((e) => e.apiKeyId === devKey).length);
    expect(body.items.every((l) => l.apiKeyId === devKey)).toBe(true);
    const ownerLog = await idOf('req-1');
    expect((await get(owner, `/api/v1/request-logs/${ownerLog}`)).body).toMatchObject({ id: ownerLog, requestId: 'req-1', model: 'gpt-4o-mini', latencyMs: 10, costUsd: 0.001 });
    expect((await get(dev, `/api/v1/request-logs/${ownerLog}`)).status).toBe(404);
    expect((await get(dev, `/api/v1/request-logs/${await idOf('req-0')}`)).status).toBe(200);
    expect((await get(outsider, `/api/v1/request-logs/${ownerLog}`)).status).toBe(404);
    expect((await get(outsider, '/api/v1/request-logs')).body.items.map((l) => l.requestId)).toEqual(['req-other-org']);
    expect((await get(owner, '/api/v1/request-logs/not-a-uuid')).status).toBe(404);
  });

  it('returns the stored (redacted) prompt and response in the detail only, null when none was stored', async () => {
    const bodies = { prompt: { text: 'my email is [REDACTED:email]', truncated: false }, response: { text: 'ok', truncated: true } };
    await h.dataSource.query(`UPDATE request_logs SET bodies = $1 WHERE request_id = 'req-3'`, [JSON.stringify(bodies)]);
    expect((await get(owner, `/api/v1/request-logs/${await idOf('req-3')}`)).body).toMatchObject({ requestId: 'req-3', bodies });
    expect((await get(owner, `/api/v1/request-logs/${await idOf('req-4')}`)).body).toMatchObject({ requestId: 'req-4', bodies: null });
    const listed = (await get(owner, '/api/v1/request-logs?requestId=req-3')).body.items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('bodies');
  });

  it('names each log’s team, key and user in the list and the detail, so people read names instead of ids', async () => {
    const [team] = (await h.dataSource.query('SELECT name FROM teams WHERE id = $1', [h.teamId])) as Array<{ name: string }>;
    const [key] = (await h.dataSource.query('SELECT display_prefix FROM api_keys WHERE id = $1', [devKey])) as Array<{ display_prefix: string }>;
    const named = { teamName: team.name, apiKeyLabel: `k (${key.display_prefix}…)`, userEmail: 'dev@acme.test' };
    const listed = (await get(dev, '/api/v1/request-logs?requestId=req-0')).body.items;
    expect(listed).toEqual([expect.objectContaining({ requestId: 'req-0', ...named })]);
    expect((await get(dev, `/api/v1/request-logs/${await idOf('req-0')}`)).body).toMatchObject({ requestId: 'req-0', ...named });
    expect((await get(outsider, '/api/v1/request-logs')).body.items).toEqual([expect.objectContaining({ requestId: 'req-other-org', teamName: null, apiKeyLabel: null, userEmail: null })]);
  });

  it('rejects unknown filters and forged cursors with 400', async () => {
    expect((await get(owner, `/api/v1/request-logs?orgId=${h.orgId}`)).status).toBe(400);
    expect((await get(owner, '/api/v1/request-logs?cursor=abc')).status).toBe(400);
    expect((await get(owner, '/api/v1/request-logs?status=weird')).status).toBe(400);
  });
});
