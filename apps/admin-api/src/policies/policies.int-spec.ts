import { Redis } from 'ioredis';
import { configChangedChannel } from '@sluice/contracts';
import { getConfigVersion, loadConfigSnapshot } from '@sluice/db';
import { budgetPeriodAt, NANOS_PER_USD } from '@sluice/governance';
import type { EffectivePolicies } from './effective-policies';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface PolicyBody {
  id: string;
  kind: string;
  name: string;
  spec: Record<string, unknown>;
  version: number;
  attachments: Array<{ id: string; scopeType: string; scopeId: string }>;
}

describe('policies: lifecycle, attachments, effective policies, config publishing (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let otherOrgId: string;
  let otherTeamId: string;
  let otherKeyId: string;
  let keyId: string;
  let secondTeamId: string;
  let admin: SignedIn;
  let teamAdmin: SignedIn;
  let auditor: SignedIn;
  let developer: SignedIn;
  let outsider: SignedIn;

  const call = (who: SignedIn, method: Method, url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const create = async (payload: object) => {
    const res = await call(admin, 'POST', '/api/v1/policies', payload);
    expect(res.statusCode).toBe(201);
    return res.json() as PolicyBody;
  };
  const attach = (policyId: string, scopeType: string, scopeId: string, who = admin) => call(who, 'POST', `/api/v1/policies/${policyId}/attachments`, { scopeType, scopeId });
  const auditActions = async (targetId: string) =>
    ((await h.dataSource.query('SELECT action FROM audit_events WHERE org_id = $1 AND target_id = $2 ORDER BY seq', [h.orgId, targetId])) as Array<{ action: string }>).map((e) => e.action);

  beforeAll(async () => {
    h = await startAdminApiHarness();
    [{ id: otherOrgId }] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    [{ id: otherTeamId }] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'others') RETURNING id`, [otherOrgId])) as Array<{ id: string }>;
    [{ id: otherKeyId }] = (await h.dataSource.query(`INSERT INTO api_keys (org_id, team_id, name, display_prefix, hash) VALUES ($1, $2, 'o', 'sk-sluice-o', $3) RETURNING id`, [otherOrgId, otherTeamId, 'f'.repeat(64)])) as Array<{ id: string }>;
    [{ id: secondTeamId }] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'second') RETURNING id`, [h.orgId])) as Array<{ id: string }>;
    [{ id: keyId }] = (await h.dataSource.query('SELECT id FROM api_keys WHERE org_id = $1 AND team_id = $2 LIMIT 1', [h.orgId, h.teamId])) as Array<{ id: string }>;
    await createUser(h.dataSource, 'lead@acme.test', h.orgId, 'team_admin', h.teamId);
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'admin@other.test', otherOrgId, 'admin');
    [admin, teamAdmin, auditor, developer, outsider] = await Promise.all([h.adminEmail, 'lead@acme.test', 'auditor@acme.test', 'dev@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('create → update → attach → detach → delete: each change bumps the version once, is audited and published', async () => {
    const subscriber = new Redis(h.redis.url);
    const published: number[] = [];
    await subscriber.subscribe(configChangedChannel(h.config.QUEUE_PREFIX));
    subscriber.on('message', (_channel, message: string) => published.push((JSON.parse(message) as { version: number }).version));
    try {
      const v0 = await getConfigVersion(h.dataSource);
      const policy = await create({ kind: 'rate_limit', name: 'team rpm', spec: { rpm: 100 } });
      expect(policy).toMatchObject({ kind: 'rate_limit', version: 1, spec: { rpm: 100, perModel: {} }, attachments: [] });
      expect(await getConfigVersion(h.dataSource)).toBe(v0 + 1);

      const updated = await call(admin, 'PATCH', `/api/v1/policies/${policy.id}`, { spec: { rpm: 50 }, expectedVersion: 1 });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ version: 2, spec: { rpm: 50 } });
      const stale = await call(admin, 'PATCH', `/api/v1/policies/${policy.id}`, { name: 'x', expectedVersion: 1 });
      expect(stale.statusCode).toBe(409);

      const attached = await attach(policy.id, 'team', h.teamId);
      expect(attached.statusCode).toBe(201);
      const attachment = attached.json() as { id: string };
      expect((await loadConfigSnapshot(h.dataSource)).governance.limits).toEqual([{ scope: 'team', scopeId: h.teamId, limits: { rpm: 50, perModel: {} } }]);

      const blocked = await call(admin, 'DELETE', `/api/v1/policies/${policy.id}`);
      expect(blocked.statusCode).toBe(409);
      expect((blocked.json() as { type: string }).type).toBe('urn:sluice:problem:policy-attached');

      expect((await call(admin, 'DELETE', `/api/v1/policies/${policy.id}/attachments/${attachment.id}`)).statusCode).toBe(204);
      expect((await loadConfigSnapshot(h.dataSource)).governance.limits).toEqual([]);
      expect((await call(admin, 'DELETE', `/api/v1/policies/${policy.id}`)).statusCode).toBe(204);
      expect((await call(admin, 'GET', `/api/v1/policies/${policy.id}`)).statusCode).toBe(404);

      expect(await getConfigVersion(h.dataSource)).toBe(v0 + 5);
      expect(await auditActions(policy.id)).toEqual(['policy.created', 'policy.updated', 'policy.attached', 'policy.detached', 'policy.deleted']);
      const expected = [v0 + 1, v0 + 2, v0 + 3, v0 + 4, v0 + 5];
      for (let i = 0; i < 50 && published.length < expected.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(published).toEqual(expected);
    } finally {
      subscriber.disconnect();
    }
  });

  it('validates specs with the gateway schemas (400 with field paths) and refuses mass assignment', async () => {
    const bad = await call(admin, 'POST', '/api/v1/policies', { kind: 'budget', name: 'b', spec: { amountUsd: -5, period: 'hourly' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = (bad.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['spec.amountUsd', 'spec.period']));
    const regex = await call(admin, 'POST', '/api/v1/policies', { kind: 'guardrail', name: 'g', spec: { blockedTerms: { regexes: ['(a+)+'] } } });
    expect(regex.statusCode).toBe(400);
    expect((regex.json() as { errors: Array<{ path: string }> }).errors[0].path).toBe('spec.blockedTerms.regexes.0');
    for (const extra of [{ orgId: otherOrgId }, { id: '00000000-0000-4000-8000-000000000000' }, { version: 7 }]) {
      expect((await call(admin, 'POST', '/api/v1/policies', { kind: 'logging', name: 'l', spec: {}, ...extra })).statusCode).toBe(400);
    }
    expect((await call(admin, 'POST', '/api/v1/policies', { kind: 'logging', name: 'l', spec: { storePrompts: true, extra: 1 } })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/policies', { kind: 'quota', name: 'q', spec: {} })).statusCode).toBe(400);
    const policy = await create({ kind: 'cache', name: 'cache strict', spec: { mode: 'exact' } });
    const badUpdate = await call(admin, 'PATCH', `/api/v1/policies/${policy.id}`, { spec: { mode: 'exact+semantic' } });
    expect(badUpdate.statusCode).toBe(400);
    expect((badUpdate.json() as { errors: Array<{ path: string }> }).errors[0].path).toBe('spec.semantic');
    expect((await call(admin, 'PATCH', `/api/v1/policies/${policy.id}`, { kind: 'budget' })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/v1/policies', { kind: 'cache', name: 'cache strict', spec: {} })).statusCode).toBe(409);
  });

  it('attachments: scopes of another org are 404, one policy of a kind per scope, failMode only on the org', async () => {
    const policy = await create({ kind: 'budget', name: 'team budget', spec: { amountUsd: 10 } });
    expect((await attach(policy.id, 'team', otherTeamId)).statusCode).toBe(404);
    expect((await attach(policy.id, 'key', otherKeyId)).statusCode).toBe(404);
    expect((await attach(policy.id, 'org', otherOrgId)).statusCode).toBe(404);
    expect((await attach(policy.id, 'user', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await attach(policy.id, 'team', h.teamId, outsider)).statusCode).toBe(404);
    expect((await call(admin, 'POST', `/api/v1/policies/${policy.id}/attachments`, { scopeType: 'team', scopeId: h.teamId, orgId: otherOrgId })).statusCode).toBe(400);
    expect((await attach(policy.id, 'team', secondTeamId)).statusCode).toBe(201);
    const second = await create({ kind: 'budget', name: 'another budget', spec: { amountUsd: 20 } });
    const taken = await attach(second.id, 'team', secondTeamId);
    expect(taken.statusCode).toBe(409);
    expect((taken.json() as { type: string }).type).toBe('urn:sluice:problem:scope-has-policy');

    const failOpen = await create({ kind: 'rate_limit', name: 'org fail mode', spec: { rpm: 1000, failMode: 'closed' } });
    expect((await attach(failOpen.id, 'team', h.teamId)).statusCode).toBe(400);
    expect((await attach(failOpen.id, 'org', h.orgId)).statusCode).toBe(201);
    expect((await loadConfigSnapshot(h.dataSource)).governance.failMode).toEqual({ [h.orgId]: 'closed' });
  });

  it('lists with kind and scope filters, sorting and cursor paging; only admins change policies', async () => {
    const byKind = (await call(auditor, 'GET', '/api/v1/policies?kind=budget&sort=name')).json() as { items: PolicyBody[] };
    expect(byKind.items.map((p) => p.name)).toEqual(['another budget', 'team budget']);
    const byScope = (await call(admin, 'GET', `/api/v1/policies?scopeType=team&scopeId=${secondTeamId}`)).json() as { items: PolicyBody[] };
    expect(byScope.items.map((p) => p.name)).toEqual(['team budget']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(admin, 'GET', `/api/v1/policies?limit=2&sort=name${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: PolicyBody[]; nextCursor: string | null };
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['another budget', 'cache strict', 'org fail mode', 'team budget']);
    expect((await call(admin, 'GET', '/api/v1/policies?sort=size')).statusCode).toBe(400);
    expect(((await call(outsider, 'GET', '/api/v1/policies')).json() as { items: unknown[] }).items).toEqual([]);
    expect((await call(teamAdmin, 'GET', '/api/v1/policies')).statusCode).toBe(403);
    expect((await call(teamAdmin, 'POST', '/api/v1/policies', { kind: 'logging', name: 'mine', spec: {} })).statusCode).toBe(403);
    expect((await call(auditor, 'POST', '/api/v1/policies', { kind: 'logging', name: 'mine', spec: {} })).statusCode).toBe(403);
  });

  it('effective policies: tightest limit wins, most specific cache/guardrail/logging, live budget spend from Redis', async () => {
    const teamLimits = await create({ kind: 'rate_limit', name: 'platform limits', spec: { rpm: 60, tpm: 50_000, perModel: { 'gpt-4o-mini': { rpm: 10 } } } });
    expect((await attach(teamLimits.id, 'team', h.teamId)).statusCode).toBe(201);
    const keyLimits = await create({ kind: 'rate_limit', name: 'key limits', spec: { rpm: 120, maxConcurrent: 4, perModel: { 'gpt-4o-mini': { rpm: 5, tpm: 900 } } } });
    expect((await attach(keyLimits.id, 'key', keyId)).statusCode).toBe(201);
    const orgLogging = await create({ kind: 'logging', name: 'org logging', spec: { retentionDays: 90 } });
    expect((await attach(orgLogging.id, 'org', h.orgId)).statusCode).toBe(201);
    const teamLogging = await create({ kind: 'logging', name: 'team logging', spec: { storePrompts: true } });
    expect((await attach(teamLogging.id, 'team', h.teamId)).statusCode).toBe(201);
    const teamBudget = await create({ kind: 'budget', name: 'platform budget', spec: { amountUsd: 100, period: 'monthly' } });
    expect((await attach(teamBudget.id, 'team', h.teamId)).statusCode).toBe(201);

    // What a gateway's settle script leaves in Redis after $12.50 of spend this month.
    const redis = new Redis(h.redis.url);
    const period = budgetPeriodAt('monthly', new Date()).id;
    await redis.hset(`${h.config.QUEUE_PREFIX}:{${h.orgId}}:budget:team:${h.teamId}:budget:0:${period}`, 'spent', 12.5 * NANOS_PER_USD, 'reserved', 0.5 * NANOS_PER_USD);
    redis.disconnect();

    const res = await call(admin, 'GET', `/api/v1/policies/effective?scope=key:${keyId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as EffectivePolicies;
    expect(body.scopes.map((s) => s.type)).toEqual(['key', 'user', 'team', 'org'].filter((t) => body.scopes.some((s) => s.type === t)));
    expect(body.rateLimits.merged).toEqual({ rpm: 60, tpm: 50_000, maxConcurrent: 4, perModel: { 'gpt-4o-mini': { rpm: 5, tpm: 900 } } });
    expect(body.rateLimits.failMode).toBe('closed');
    expect(body.rateLimits.sources.map((s) => s.policyName)).toEqual(['key limits', 'platform limits', 'org fail mode']);
    expect(body.logging).toMatchObject({ scopeType: 'team', policyName: 'team logging', policy: { storePrompts: true, storeResponses: false, retentionDays: 30 } });
    expect(body.budgets).toEqual([
      expect.objectContaining({ policyName: 'platform budget', spend: expect.objectContaining({ source: 'redis', periodId: period, spentUsd: 12.5, reservedUsd: 0.5, remainingUsd: 87 }) }),
    ]);

    const team = (await call(teamAdmin, 'GET', `/api/v1/policies/effective?scope=team:${h.teamId}`)).json() as EffectivePolicies;
    expect(team.rateLimits.merged).toEqual({ rpm: 60, tpm: 50_000, perModel: { 'gpt-4o-mini': { rpm: 10 } } });
    expect(team.budgets[0].spend.spentUsd).toBe(12.5);
    expect((await call(teamAdmin, 'GET', `/api/v1/policies/effective?scope=team:${secondTeamId}`)).statusCode).toBe(404);
    expect((await call(teamAdmin, 'GET', `/api/v1/policies/effective?scope=org:${h.orgId}`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', `/api/v1/policies/effective?scope=team:${otherTeamId}`)).statusCode).toBe(404);
    expect((await call(developer, 'GET', `/api/v1/policies/effective?scope=team:${h.teamId}`)).statusCode).toBe(403);
    expect((await call(admin, 'GET', '/api/v1/policies/effective?scope=team:nope')).statusCode).toBe(400);
  });
});
