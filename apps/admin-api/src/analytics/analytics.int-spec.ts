import type { MembershipRole } from '@sluice/db';
import type { Principal } from '../auth/principal';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { exactPercentile, insertUsage, type UsageFixtureEvent } from '../testing/usage-fixture';
import { ANALYTICS_DATA_SOURCE } from './analytics-database';
import { ANALYTICS_METRICS, breakdownQuerySchema, timeseriesQuerySchema, type AnalyticsFilters } from './analytics.dto';
import { AnalyticsService, type RollupTable } from './analytics.service';

/** The service reading usage_rollups for every query: the reference usage_team_rollups answers must equal. */
class FineRollupsOnly extends AnalyticsService {
  protected override rollupTable(): RollupTable {
    return 'usage_rollups';
  }
}

jest.setTimeout(120_000);

const DAY0 = Date.parse('2026-11-20T00:00:00Z');
const FROM = '2026-11-20T00:00:00Z';
const TO = '2026-11-22T00:00:00Z';
const MODELS = ['gpt-4o-mini', 'claude-sonnet', 'gemini-flash'];

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('analytics API: numbers from usage_rollups equal the raw usage events, scoped per caller (real Postgres)', () => {
  let h: AdminApiHarness;
  let owner: SignedIn, dev: SignedIn, teamAdmin: SignedIn, auditor: SignedIn, outsider: SignedIn;
  let teamB: string;
  let devKey: string, ownerKey: string, teamBKey: string, otherOrgKey: string;
  let devId: string;
  let ownerId: string;
  let events: UsageFixtureEvent[];
  let otherOrgEvents: UsageFixtureEvent[];

  const get = async (who: SignedIn, url: string) => {
    const res = await h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads many nested answer shapes
    return { status: res.statusCode, body: res.json() as Record<string, any> };
  };
  const createKey = async (who: SignedIn, teamId: string) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, payload: { name: `k-${teamId.slice(0, 4)}`, teamId } });
    if (res.statusCode !== 201) throw new Error(res.body);
    return (res.json() as { key: { id: string } }).key.id;
  };

  beforeAll(async () => {
    h = await startAdminApiHarness();
    const [b] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'team-b') RETURNING id`, [h.orgId])) as Array<{ id: string }>;
    teamB = b.id;
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    const [otherTeam] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'o') RETURNING id`, [org.id])) as Array<{ id: string }>;
    devId = await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'lead@acme.test', h.orgId, 'team_admin', teamB);
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    const outsiderId = await createUser(h.dataSource, 'admin@other.test', org.id, 'admin');
    [owner, dev, teamAdmin, auditor, outsider] = await Promise.all([h.adminEmail, 'dev@acme.test', 'lead@acme.test', 'auditor@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
    devKey = await createKey(dev, h.teamId);
    ownerKey = await createKey(owner, h.teamId);
    teamBKey = await createKey(owner, teamB);
    otherOrgKey = await createKey(outsider, otherTeam.id);
    [{ id: ownerId }] = (await h.dataSource.query('SELECT id FROM users WHERE email = $1', [h.adminEmail])) as Array<{ id: string }>;

    const random = rng(7);
    const keys = [
      { apiKeyId: devKey, teamId: h.teamId, userId: devId },
      { apiKeyId: ownerKey, teamId: h.teamId, userId: ownerId },
      { apiKeyId: teamBKey, teamId: teamB, userId: ownerId },
    ];
    const event = (orgId: string, key: { apiKeyId: string; teamId: string; userId: string }): UsageFixtureEvent => {
      const model = MODELS[Math.floor(random() * MODELS.length)];
      const r = random();
      const status = r < 0.08 ? 'error' : r < 0.2 ? 'cache_hit' : 'success';
      return {
        occurredAt: new Date(DAY0 + Math.floor(random() * 2 * 86_400_000)),
        orgId,
        ...key,
        model,
        provider: model.startsWith('claude') ? 'anthropic' : model.startsWith('gemini') ? 'gemini' : 'openai',
        status,
        httpStatus: status === 'error' ? 502 : 200,
        promptTokens: Math.floor(random() * 2000),
        completionTokens: Math.floor(random() * 800),
        costUsd: Math.round(random() * 1e7) / 1e9,
        latencyMs: 5 + random() * random() * 4000,
        cacheStatus: status === 'cache_hit' ? (random() < 0.5 ? 'hit' : 'semantic-hit') : 'miss',
      };
    };
    events = Array.from({ length: 3000 }, () => event(h.orgId, keys[Math.floor(random() * keys.length)]));
    otherOrgEvents = Array.from({ length: 400 }, () => ({ ...event(org.id, { apiKeyId: otherOrgKey, teamId: otherTeam.id, userId: outsiderId }), costUsd: 5 }));
    // Outside the range: must not be counted.
    const outside = { ...event(h.orgId, keys[0]), occurredAt: new Date(DAY0 - 1000) };
    await insertUsage(h.dataSource, [...events, ...otherOrgEvents, outside]);
  });
  afterAll(async () => {
    await h?.close();
  });

  function expectedTotals(list: UsageFixtureEvent[]) {
    const requests = list.length;
    const errors = list.filter((e) => e.status === 'error').length;
    const cacheHits = list.filter((e) => e.cacheStatus !== 'miss').length;
    return {
      requests,
      errors,
      promptTokens: list.reduce((a, e) => a + e.promptTokens, 0),
      completionTokens: list.reduce((a, e) => a + e.completionTokens, 0),
      cacheHits,
      cacheHitRate: requests ? cacheHits / requests : null,
      errorRate: requests ? errors / requests : null,
    };
  }
  const costOf = (list: UsageFixtureEvent[]) => list.reduce((a, e) => a + e.costUsd, 0);

  function expectWithinBucket(actual: number | null, exact: number) {
    expect(actual).not.toBeNull();
    expect(actual as number).toBeGreaterThanOrEqual(exact / 1.25);
    expect(actual as number).toBeLessThanOrEqual(exact * 1.25);
  }

  it('summary for an admin equals the org’s raw events in the range; percentiles within one histogram bucket', async () => {
    const { status, body } = await get(owner, `/api/v1/analytics/summary?from=${FROM}&to=${TO}`);
    expect(status).toBe(200);
    expect(body.grain).toBe('day');
    expect(body.totals).toMatchObject(expectedTotals(events));
    expect(body.totals.costUsd).toBeCloseTo(costOf(events), 6);
    const latencies = events.map((e) => e.latencyMs);
    expectWithinBucket(body.totals.latencyMs.p50, exactPercentile(latencies, 0.5));
    expectWithinBucket(body.totals.latencyMs.p95, exactPercentile(latencies, 0.95));
    expectWithinBucket(body.totals.latencyMs.p99, exactPercentile(latencies, 0.99));
    // The auditor sees the whole org too.
    expect((await get(auditor, `/api/v1/analytics/summary?from=${FROM}&to=${TO}`)).body.totals.requests).toBe(events.length);
  });

  it('a range that is not on day boundaries reads whole days by the day and the edges by the hour, with the same sums as the hour buckets', async () => {
    const from = new Date(DAY0 + 30 * 60_000).toISOString();
    const to = new Date(DAY0 + 36 * 3_600_000 + 15 * 60_000).toISOString();
    // Hour buckets from 00:00 on day 0 up to and including the one holding `to`.
    const inRange = events.filter((e) => e.occurredAt.getTime() < DAY0 + 37 * 3_600_000);
    const summary = (await get(owner, `/api/v1/analytics/summary?from=${from}&to=${to}`)).body;
    expect(summary.grain).toBe('hour');
    expect(summary.totals).toMatchObject(expectedTotals(inRange));
    expect(summary.totals.costUsd).toBeCloseTo(costOf(inRange), 6);
    const byModel = (await get(owner, `/api/v1/analytics/breakdown?from=${from}&to=${to}&by=model&limit=50`)).body.items as Array<{ key: string; requests: number }>;
    for (const model of MODELS) expect(byModel.find((i) => i.key === model)?.requests ?? 0).toBe(inRange.filter((e) => e.model === model).length);
  });

  it('filters by model, key and provider', async () => {
    const claude = events.filter((e) => e.model === 'claude-sonnet');
    expect((await get(owner, `/api/v1/analytics/summary?from=${FROM}&to=${TO}&model=claude-sonnet`)).body.totals).toMatchObject(expectedTotals(claude));
    const teamBOpenai = events.filter((e) => e.apiKeyId === teamBKey && e.provider === 'openai');
    expect((await get(owner, `/api/v1/analytics/summary?from=${FROM}&to=${TO}&keyId=${teamBKey}&provider=openai`)).body.totals).toMatchObject(expectedTotals(teamBOpenai));
  });

  it('never shows another organization’s usage, even when its ids are passed as filters', async () => {
    expect((await get(owner, `/api/v1/analytics/summary?from=${FROM}&to=${TO}&keyId=${otherOrgKey}`)).body.totals.requests).toBe(0);
    const theirs = (await get(outsider, `/api/v1/analytics/summary?from=${FROM}&to=${TO}`)).body.totals;
    expect(theirs).toMatchObject(expectedTotals(otherOrgEvents));
    expect((await get(outsider, `/api/v1/analytics/summary?from=${FROM}&to=${TO}&keyId=${devKey}`)).body.totals.requests).toBe(0);
    const breakdown = (await get(owner, `/api/v1/analytics/breakdown?from=${FROM}&to=${TO}&by=key`)).body.items as Array<{ key: string }>;
    expect(breakdown.map((i) => i.key)).not.toContain(otherOrgKey);
  });

  it('a developer sees only their own keys; a team admin the teams they administer', async () => {
    expect((await get(dev, `/api/v1/analytics/summary?from=${FROM}&to=${TO}`)).body.totals).toMatchObject(expectedTotals(events.filter((e) => e.apiKeyId === devKey)));
    expect((await get(dev, `/api/v1/analytics/summary?from=${FROM}&to=${TO}&keyId=${ownerKey}`)).body.totals.requests).toBe(0);
    expect((await get(teamAdmin, `/api/v1/analytics/summary?from=${FROM}&to=${TO}`)).body.totals).toMatchObject(expectedTotals(events.filter((e) => e.teamId === teamB)));
    const byKey = (await get(dev, `/api/v1/analytics/breakdown?from=${FROM}&to=${TO}&by=key`)).body.items as Array<{ key: string }>;
    expect(byKey.map((i) => i.key)).toEqual([devKey]);
  });

  it('breakdown per team, sorted by cost, with team names', async () => {
    const { status, body } = await get(owner, `/api/v1/analytics/breakdown?from=${FROM}&to=${TO}&by=team&sort=cost&order=desc`);
    expect(status).toBe(200);
    const items = body.items as Array<{ key: string; label: string; requests: number; costUsd: number; totalTokens: number }>;
    expect(items.map((i) => i.key).sort()).toEqual([h.teamId, teamB].sort());
    for (const item of items) {
      const mine = events.filter((e) => e.teamId === item.key);
      expect(item.requests).toBe(mine.length);
      expect(item.costUsd).toBeCloseTo(costOf(mine), 6);
      expect(item.totalTokens).toBe(mine.reduce((a, e) => a + e.promptTokens + e.completionTokens, 0));
    }
    expect(items[0].costUsd).toBeGreaterThanOrEqual(items[1].costUsd);
    expect(items.find((i) => i.key === teamB)?.label).toBe('team-b');
  });

  it('time series per hour (grain chosen from the range), grouped by model with top N + other', async () => {
    const { status, body } = await get(owner, `/api/v1/analytics/timeseries?from=${FROM}&to=${TO}&metric=requests&groupBy=model&top=1`);
    expect(status).toBe(200);
    expect(body.grain).toBe('hour');
    const series = body.series as Array<{ kind: string; key: string | null; points: Array<{ t: string; value: number }> }>;
    expect(series.map((s) => s.kind)).toEqual(['group', 'other']);
    const counts = MODELS.map((m) => [m, events.filter((e) => e.model === m).length] as const).sort((a, b) => b[1] - a[1]);
    expect(series[0].key).toBe(counts[0][0]);
    for (const s of series) expect(s.points).toHaveLength(48);
    for (let hour = 0; hour < 48; hour++) {
      const inHour = events.filter((e) => Math.floor((e.occurredAt.getTime() - DAY0) / 3_600_000) === hour);
      expect(series[0].points[hour].t).toBe(new Date(DAY0 + hour * 3_600_000).toISOString());
      expect(series[0].points[hour].value).toBe(inHour.filter((e) => e.model === counts[0][0]).length);
      expect(series[1].points[hour].value).toBe(inHour.filter((e) => e.model !== counts[0][0]).length);
    }
  });

  it('time series of cost and p95 latency per day; empty buckets are 0 for sums and null for percentiles', async () => {
    const cost = (await get(owner, `/api/v1/analytics/timeseries?from=2026-11-19T00:00:00Z&to=${TO}&metric=cost&grain=day`)).body;
    const points = cost.series[0].points as Array<{ value: number }>;
    expect(points).toHaveLength(3);
    expect(points[1].value).toBeCloseTo(costOf(events.filter((e) => e.occurredAt.getTime() < DAY0 + 86_400_000)), 6);
    expect(points[2].value).toBeCloseTo(costOf(events.filter((e) => e.occurredAt.getTime() >= DAY0 + 86_400_000)), 6);
    const p95 = (await get(owner, `/api/v1/analytics/timeseries?from=2026-11-21T00:00:00Z&to=2026-11-23T00:00:00Z&metric=latency_p95&grain=day`)).body;
    expectWithinBucket(p95.series[0].points[0].value, exactPercentile(events.filter((e) => e.occurredAt.getTime() >= DAY0 + 86_400_000).map((e) => e.latencyMs), 0.95));
    expect(p95.series[0].points[1].value).toBeNull();
  });

  it('rejects bad ranges, too many points and unknown parameters with a 400 problem', async () => {
    for (const url of [
      `/api/v1/analytics/summary?from=${TO}&to=${FROM}`,
      `/api/v1/analytics/timeseries?from=2026-10-01T00:00:00Z&to=${TO}&metric=requests&grain=minute`,
      `/api/v1/analytics/summary?from=${FROM}&to=${TO}&orgId=${h.orgId}`,
      `/api/v1/analytics/timeseries?metric=bogus`,
    ]) {
      const { status } = await get(owner, url);
      expect(status).toBe(400);
    }
  });

  describe('usage_team_rollups (org- and team-wide queries)', () => {
    const principal = (userId: string, role: MembershipRole, teamId: string | null = null): Principal => ({
      actorType: 'user', sessionId: 'test', session: {} as Principal['session'], userId, email: 'test@acme.test', displayName: 'test',
      memberships: [{ orgId: h.orgId, teamId, role }], orgId: h.orgId, roles: [role],
    });

    it('answer every summary, breakdown and series exactly as usage_rollups would (aligned, unaligned and custom ranges, filters)', async () => {
      const teamRollups = h.app.get(AnalyticsService);
      const fineRollups = new FineRollupsOnly(h.app.get(ANALYTICS_DATA_SOURCE));
      const at = (ms: number) => new Date(DAY0 + ms).toISOString();
      const ranges: Array<Pick<AnalyticsFilters, 'from' | 'to' | 'grain'>> = [
        { from: FROM, to: TO },
        { from: at(30 * 60_000), to: at(36 * 3_600_000 + 15 * 60_000) },
        { from: at(5 * 3_600_000), to: at(8 * 3_600_000) },
        { from: at(3 * 3_600_000 + 17 * 60_000), to: at(4 * 3_600_000) },
        { from: '2026-11-19T00:00:00Z', to: TO, grain: 'day' },
        { from: '2026-10-24T00:00:00Z', to: '2026-11-23T00:00:00Z' },
        { from: '2026-08-25T00:00:00Z', to: '2026-11-23T00:00:00Z' },
      ];
      const filters: AnalyticsFilters[] = [{}, { teamId: teamB }, { model: 'claude-sonnet' }, { teamId: h.teamId, provider: 'openai' }];
      const admin = principal(ownerId, 'owner');
      let compared = 0;
      const same = async <T>(call: (s: AnalyticsService) => Promise<T>) => {
        const [coarse, fine] = await Promise.all([call(teamRollups), call(fineRollups)]);
        expect(coarse).toEqual(fine);
        compared++;
      };
      for (const range of ranges) {
        for (const filter of filters) {
          const base = { ...range, ...filter };
          await same((s) => s.summary(admin, base));
          for (const by of ['team', 'model', 'provider'] as const) {
            for (const sort of ['cost', 'latency_p95'] as const) await same((s) => s.breakdown(admin, breakdownQuerySchema.parse({ ...base, by, sort })));
          }
          for (const metric of ANALYTICS_METRICS) await same((s) => s.timeseries(admin, timeseriesQuerySchema.parse({ ...base, metric })));
          // By key and user: the top groups from usage_rollups, "other" as the usage_team_rollups total minus them.
          for (const groupBy of ['team', 'model', 'provider', 'key', 'user'] as const) {
            for (const [metric, top] of [['requests', 1], ['cost', 2], ['latency_p95', 1], ['errors', 5]] as const) {
              await same((s) => s.timeseries(admin, timeseriesQuerySchema.parse({ ...base, metric, groupBy, top })));
            }
          }
        }
      }
      expect(compared).toBe(ranges.length * filters.length * (1 + 6 + ANALYTICS_METRICS.length + 20));
      // The comparison is not vacuous: the whole-org summary counts every event of the org in the range.
      expect((await teamRollups.summary(admin, { from: FROM, to: TO })).totals.requests).toBe(events.length);
    });

    it('are read only when neither the caller’s scope, the filters nor the grouping need the key or user (those stay exact)', async () => {
      // Inflate usage_team_rollups: answers that read it show it, answers that must not stay equal to the raw events.
      await h.dataSource.query('UPDATE usage_team_rollups SET request_count = request_count + 1000000 WHERE org_id = $1', [h.orgId]);
      try {
        const summary = async (who: SignedIn, query: string) => (await get(who, `/api/v1/analytics/summary?from=${FROM}&to=${TO}${query}`)).body.totals.requests as number;
        expect(await summary(owner, '')).toBeGreaterThan(1000000);
        expect(await summary(owner, `&teamId=${teamB}`)).toBeGreaterThan(1000000);
        expect(await summary(owner, `&keyId=${teamBKey}`)).toBe(events.filter((e) => e.apiKeyId === teamBKey).length);
        expect(await summary(owner, `&userId=${devId}`)).toBe(events.filter((e) => e.userId === devId).length);
        expect(await summary(dev, '')).toBe(events.filter((e) => e.apiKeyId === devKey).length);
        expect(await summary(teamAdmin, '')).toBe(events.filter((e) => e.teamId === teamB).length);

        const byKey = (await get(owner, `/api/v1/analytics/breakdown?from=${FROM}&to=${TO}&by=key`)).body.items as Array<{ key: string; requests: number }>;
        for (const item of byKey) expect(item.requests).toBe(events.filter((e) => e.apiKeyId === item.key).length);
        const byModel = (await get(owner, `/api/v1/analytics/breakdown?from=${FROM}&to=${TO}&by=model`)).body.items as Array<{ requests: number }>;
        for (const item of byModel) expect(item.requests).toBeGreaterThan(1000000);

        type Series = { kind: string; key: string | null; points: Array<{ value: number }> };
        const series = async (query: string) => (await get(owner, `/api/v1/analytics/timeseries?from=${FROM}&to=${TO}&metric=requests${query}`)).body.series as Series[];
        const sum = (list: Series[]) => list.reduce((a, s) => a + s.points.reduce((b, p) => b + p.value, 0), 0);
        expect(sum(await series(`&groupBy=model&keyId=${devKey}`))).toBe(events.filter((e) => e.apiKeyId === devKey).length);
        expect(sum(await series(`&groupBy=team&userId=${devId}`))).toBe(events.filter((e) => e.userId === devId).length);
        expect(sum(await series('&groupBy=model'))).toBeGreaterThan(1000000);
        expect(sum(await series(''))).toBeGreaterThan(1000000);
        // By key or user: each top group's own series from usage_rollups (exact); "other" is the team total minus them.
        for (const [groupBy, of] of [['key', (e: UsageFixtureEvent) => e.apiKeyId], ['user', (e: UsageFixtureEvent) => e.userId]] as const) {
          const answer = await series(`&groupBy=${groupBy}&top=1`);
          expect(answer.map((s) => s.kind)).toEqual(['group', 'other']);
          expect(sum([answer[0]])).toBe(events.filter((e) => of(e) === answer[0].key).length);
          expect(sum([answer[1]])).toBeGreaterThan(1000000);
        }
      } finally {
        await h.dataSource.query('UPDATE usage_team_rollups SET request_count = request_count - 1000000 WHERE org_id = $1', [h.orgId]);
      }
    });
  });
});
