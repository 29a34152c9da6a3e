import { randomBytes } from 'node:crypto';
import { waitFor } from '@sluice/testing';
import { createUser, TEST_PASSWORD } from '../testing/admin-api-harness';
import { SecurityStack, type Session } from '../testing/security-stack';

jest.setTimeout(180_000);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const CHAT_MODEL = 'gpt-4o-mini';
const EMBEDDING_MODEL = 'text-embedding-3-small';
/** One topic per team (its owner); every other team then sends the same prompt and a paraphrase. */
const TOPICS = [
  { prompt: 'What is the capital city of France?', paraphrase: 'what is the capital city of france' },
  { prompt: 'Explain how photosynthesis works in green plants.', paraphrase: 'explain how photosynthesis works in green plants' },
  { prompt: 'List three benefits of regular cardiovascular exercise.', paraphrase: 'list three benefits of regular cardiovascular exercise' },
  { prompt: 'Describe the rules of chess castling for a beginner.', paraphrase: 'describe the rules of chess castling for a beginner' },
];

interface Tenant {
  name: string;
  orgId: string;
  admin: Session;
  auditor: Session;
  teams: string[];
  keys: Array<{ id: string; secret: string; teamId: string }>;
}

/**
 * Two organizations with two teams each, every team with a key, exact + semantic caching on in both:
 * identical and paraphrased prompts never hit another team's or org's cache entries, and what each
 * org's admin and auditor read through the admin API (request logs, analytics, keys, audit, exports,
 * objects by id) never includes the other org. Real admin API, gateway and worker processes.
 */
describe('tenant isolation: two orgs × two teams (admin API + gateway + worker processes)', () => {
  let stack: SecurityStack;
  const tenants: Tenant[] = [];
  const ownIds = new Map<string, Set<string>>();
  let cachePolicy: Record<string, unknown>;

  const providerOf = async (admin: Session) => {
    const created = await stack.admin(admin, 'POST', '/api/v1/providers', { name: 'Mock upstream', type: 'openai', baseUrl: `${stack.mock.url}/v1`, credentials: { apiKey: 'mock-key' } });
    expect(created.status).toBe(201);
    return created.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    const ownerPassword = `pw-${randomBytes(12).toString('hex')}`;
    stack = await SecurityStack.start({ adminPassword: ownerPassword });
    const owner = await stack.signIn(stack.adminEmail, ownerPassword);
    const beta = await stack.admin(owner, 'POST', '/api/v1/orgs', { name: 'Beta', slug: 'beta' });
    expect(beta.status).toBe(201);
    const betaId = beta.json<{ id: string }>().id;
    cachePolicy = { kind: 'cache', name: 'exact and semantic', spec: { mode: 'exact+semantic', ttlSeconds: 600, semantic: { embeddingModel: EMBEDDING_MODEL, threshold: 0.75 } } };

    for (const [name, orgId] of [['acme', stack.orgId], ['beta', betaId]] as const) {
      await createUser(stack.dataSource, `admin@${name}.example`, orgId, 'admin');
      await createUser(stack.dataSource, `auditor@${name}.example`, orgId, 'auditor');
      const admin = await stack.signIn(`admin@${name}.example`, TEST_PASSWORD);
      const auditor = await stack.signIn(`auditor@${name}.example`, TEST_PASSWORD);
      const tenant: Tenant = { name, orgId, admin, auditor, teams: [], keys: [] };
      if (name === 'acme') tenant.teams.push(stack.teamId);
      else {
        // Beta starts empty: its own provider, catalog entries and deployments, all through the API.
        const providerId = await providerOf(admin);
        for (const model of [
          { name: CHAT_MODEL, family: 'gpt-4o', provider: 'openai', contextWindow: 128000, inputPricePer1M: 0.15, outputPricePer1M: 0.6 },
          { name: EMBEDDING_MODEL, family: 'text-embedding-3', provider: 'openai', contextWindow: 8191, inputPricePer1M: 0.02, outputPricePer1M: 0, capabilities: ['embeddings'] },
        ]) {
          const created = await stack.admin(admin, 'POST', '/api/v1/models', model);
          expect(created.status).toBe(201);
          const deployment = await stack.admin(admin, 'POST', '/api/v1/deployments', { modelId: created.json<{ id: string }>().id, providerId, upstreamModel: model.name });
          expect(deployment.status).toBe(201);
        }
      }
      while (tenant.teams.length < 2) {
        const team = await stack.admin(admin, 'POST', '/api/v1/teams', { name: `${name} team ${tenant.teams.length + 1}` });
        expect(team.status).toBe(201);
        tenant.teams.push(team.json<{ id: string }>().id);
      }
      const policy = await stack.admin(admin, 'POST', '/api/v1/policies', cachePolicy);
      expect(policy.status).toBe(201);
      expect((await stack.admin(admin, 'POST', `/api/v1/policies/${policy.json<{ id: string }>().id}/attachments`, { scopeType: 'org', scopeId: orgId })).status).toBe(201);
      for (const teamId of tenant.teams) {
        const key = await stack.admin(admin, 'POST', '/api/v1/api-keys', { name: `${name} key`, teamId });
        expect(key.status).toBe(201);
        tenant.keys.push({ id: key.json<{ key: { id: string } }>().key.id, secret: key.json<{ secret: string }>().secret, teamId });
      }
      tenants.push(tenant);
    }
    // The semantic-cache indexer embeds through the gateway with a platform key (Acme's first team).
    await stack.startWorker({ SEMANTIC_CACHE_EMBEDDINGS_URL: `${stack.gateway.url}/v1`, SEMANTIC_CACHE_EMBEDDINGS_KEY: tenants[0].keys[0].secret, SEMANTIC_CACHE_EMBEDDING_MODEL: EMBEDDING_MODEL });
    for (const t of tenants) ownIds.set(t.name, new Set([t.orgId, ...t.teams, ...t.keys.map((k) => k.id)]));
  }, 150_000);
  afterAll(async () => {
    await stack?.close();
  });

  const ask = async (secret: string, content: string) => {
    const res = await stack.gatewayCall(secret, '/v1/chat/completions', { model: CHAT_MODEL, messages: [{ role: 'user', content }] });
    expect(res.status).toBe(200);
    return { cache: res.headers.get('x-sluice-cache'), id: res.json<{ id: string }>().id };
  };

  it('gives zero cross-tenant cache hits for identical and paraphrased prompts, while each team hits its own entries', async () => {
    const teamKeys = tenants.flatMap((t) => t.keys.map((k) => ({ ...k, org: t.name })));
    for (const k of teamKeys) await waitFor(async () => (await fetch(`${stack.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${k.secret}` } })).status === 200, { timeoutMs: 15_000, what: 'the gateway knows every key' });
    /** Answer ids each team got from the upstream: a hit serving one of another team's ids crossed the boundary. */
    const answeredFor = new Map<string, Set<string>>(teamKeys.map((k) => [k.teamId, new Set<string>()]));
    const owners = teamKeys.map((k, i) => ({ ...k, topic: TOPICS[i] }));
    let ownHits = 0;
    let ownSemanticHits = 0;
    for (const o of owners) {
      const first = await ask(o.secret, o.topic.prompt);
      expect(first.cache).toBe('miss');
      answeredFor.get(o.teamId)?.add(first.id);
      const again = await ask(o.secret, o.topic.prompt);
      expect(again).toEqual({ cache: 'hit', id: first.id });
      ownHits++;
    }
    await waitFor(async () => {
      const [{ n }] = (await stack.dataSource.query('SELECT count(*)::int AS n FROM semantic_cache_entries')) as Array<{ n: number }>;
      return n >= owners.length;
    }, { timeoutMs: 45_000, what: 'every owner answer indexed in the semantic cache' });
    for (const o of owners) {
      const paraphrased = await ask(o.secret, o.topic.paraphrase);
      if (paraphrased.cache === 'semantic-hit') ownSemanticHits++;
      expect(paraphrased.cache === 'miss' || [...(answeredFor.get(o.teamId) ?? [])].includes(paraphrased.id)).toBe(true);
    }
    expect(ownSemanticHits).toBeGreaterThan(0);

    let probes = 0;
    const crossTenant: string[] = [];
    for (const o of owners) {
      for (const p of teamKeys.filter((k) => k.teamId !== o.teamId)) {
        const identical = await ask(p.secret, o.topic.prompt);
        const paraphrased = await ask(p.secret, o.topic.paraphrase);
        probes += 2;
        // The identical prompt is the prober's first of this topic: anything but a miss came from someone else.
        if (identical.cache !== 'miss') crossTenant.push(`${p.org}/${p.teamId} identical of ${o.org}/${o.teamId}: ${identical.cache}`);
        else answeredFor.get(p.teamId)?.add(identical.id);
        const foreign = [...answeredFor].some(([team, ids]) => team !== p.teamId && ids.has(paraphrased.id));
        if (paraphrased.cache !== 'miss' && foreign) crossTenant.push(`${p.org}/${p.teamId} paraphrase of ${o.org}/${o.teamId}: ${paraphrased.cache}`);
        if (paraphrased.cache === 'miss') answeredFor.get(p.teamId)?.add(paraphrased.id);
      }
    }
    console.log(`tenant caches: ${probes} identical/paraphrased probes from other teams and orgs: ${crossTenant.length} cross-tenant hits (own team: ${ownHits} exact hits, ${ownSemanticHits}/${owners.length} semantic hits)`);
    expect(crossTenant).toEqual([]);
  });

  it("shows each org's admin and auditor only their org's request logs, analytics, keys, audit events and exports (and a team admin only their team's logs)", async () => {
    await waitFor(async () => {
      const rows = (await stack.dataSource.query('SELECT org_id, count(*)::int AS n FROM request_logs GROUP BY org_id')) as Array<{ org_id: string; n: number }>;
      return rows.length === 2 && rows.every((r) => r.n >= 8);
    }, { timeoutMs: 30_000, what: 'request logs of both orgs' });
    const reads = [
      '/api/v1/request-logs?limit=200',
      '/api/v1/analytics/summary',
      '/api/v1/analytics/breakdown?by=team',
      '/api/v1/analytics/breakdown?by=key',
      '/api/v1/analytics/timeseries?metric=requests&groupBy=team',
      '/api/v1/api-keys?limit=200',
      '/api/v1/audit/events?limit=200',
      '/api/v1/teams?limit=200',
      '/api/v1/users?limit=200',
      '/api/v1/providers?limit=200',
      '/api/v1/policies?limit=200',
      '/api/v1/models?limit=200',
      '/api/v1/deployments?limit=200',
      '/api/v1/config/export',
    ];
    let checked = 0;
    for (const me of tenants) {
      const other = tenants.find((t) => t !== me) as Tenant;
      const foreignIds = ownIds.get(other.name) as Set<string>;
      const seenOwn = new Set<string>();
      for (const who of [me.admin, me.auditor]) {
        for (const path of reads) {
          const res = await stack.admin(who, 'GET', path);
          if (res.status === 403) continue; // the auditor may not read some of these at all
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
          const leaked = [...new Set(res.body.match(UUID) ?? [])].filter((id) => foreignIds.has(id));
          expect({ path, leaked }).toEqual({ path, leaked: [] });
          for (const id of res.body.match(UUID) ?? []) if (ownIds.get(me.name)?.has(id)) seenOwn.add(id);
          checked++;
        }
      }
      // The reads are not empty: they show every team and key of the caller's own org.
      expect([...(ownIds.get(me.name) as Set<string>)].filter((id) => !seenOwn.has(id))).toEqual([]);
      // Request logs and analytics cover exactly this org's traffic.
      const [{ n }] = (await stack.dataSource.query('SELECT count(*)::int AS n FROM request_logs WHERE org_id = $1', [me.orgId])) as Array<{ n: number }>;
      const logs = (await stack.admin(me.auditor, 'GET', '/api/v1/request-logs?limit=200')).json<{ items: Array<{ teamId: string | null }> }>().items;
      expect(logs.length).toBe(n);
      for (const l of logs) expect(me.teams).toContain(l.teamId);
      // Exports run by the worker contain nothing of the other org.
      const exported = await stack.admin(me.auditor, 'POST', '/api/v1/audit/exports', { format: 'jsonl' });
      expect(exported.status).toBe(202);
      const exportId = exported.json<{ id: string }>().id;
      await waitFor(async () => (await stack.admin(me.auditor, 'GET', `/api/v1/audit/exports/${exportId}`)).json<{ status: string }>().status === 'succeeded', { timeoutMs: 60_000, what: 'the audit export' });
      const link = (await stack.admin(me.auditor, 'POST', `/api/v1/audit/exports/${exportId}/download-link`, {})).json<{ url: string }>();
      const file = await stack.admin(null, 'GET', link.url);
      expect(file.status).toBe(200);
      expect(file.body.length).toBeGreaterThan(0);
      expect([...new Set(file.body.match(UUID) ?? [])].filter((id) => foreignIds.has(id))).toEqual([]);
      expect(file.body).toContain(me.orgId);
      checked++;
      // A chargeback usage report (per day × team × model) covers this org's teams only.
      const today = new Date(new Date().toISOString().slice(0, 10));
      const report = await stack.admin(me.auditor, 'POST', '/api/v1/usage-reports', { from: today.toISOString(), to: new Date(today.getTime() + 86_400_000).toISOString(), groupBy: 'team_model', period: 'day' });
      expect(report.status).toBe(202);
      const reportId = report.json<{ id: string }>().id;
      await waitFor(async () => (await stack.admin(me.auditor, 'GET', `/api/v1/usage-reports/${reportId}`)).json<{ status: string }>().status === 'succeeded', { timeoutMs: 60_000, what: 'the usage report' });
      const reportLink = (await stack.admin(me.auditor, 'POST', `/api/v1/usage-reports/${reportId}/download-link`, {})).json<{ url: string }>();
      const csv = await stack.admin(null, 'GET', reportLink.url);
      expect(csv.status).toBe(200);
      expect([...new Set(csv.body.match(UUID) ?? [])].filter((id) => foreignIds.has(id))).toEqual([]);
      expect(me.teams.some((team) => csv.body.includes(team))).toBe(true);
      checked++;
      // Within the org, a team admin sees their own team's request logs only.
      const email = `lead-${me.name}@${me.name}.example`;
      await createUser(stack.dataSource, email, me.orgId, 'team_admin', me.teams[1]);
      const lead = await stack.signIn(email, TEST_PASSWORD);
      const teamLogs = (await stack.admin(lead, 'GET', '/api/v1/request-logs?limit=200')).json<{ items: Array<{ teamId: string | null }> }>().items;
      const [{ teamCount }] = (await stack.dataSource.query('SELECT count(*)::int AS "teamCount" FROM request_logs WHERE team_id = $1', [me.teams[1]])) as Array<{ teamCount: number }>;
      expect(teamCount).toBeGreaterThan(0);
      expect(teamLogs.length).toBe(teamCount);
      for (const l of teamLogs) expect(l.teamId).toBe(me.teams[1]);
      checked++;
    }
    console.log(`tenant reads: ${checked} admin/auditor/team-admin reads, audit exports and usage reports across 2 orgs: 0 ids of the other org (a team admin sees only their team)`);
  });

  it("answers 404 (not 403) for another org's objects by id", async () => {
    const [acme, beta] = tenants;
    const foreign = async (path: string) => stack.admin(acme.admin, 'GET', path);
    const [betaLog] = (await stack.dataSource.query('SELECT event_id FROM request_logs WHERE org_id = $1 LIMIT 1', [beta.orgId])) as Array<{ event_id: string }>;
    const [betaProvider] = (await stack.dataSource.query('SELECT id FROM providers WHERE org_id = $1 LIMIT 1', [beta.orgId])) as Array<{ id: string }>;
    const [betaModel] = (await stack.dataSource.query('SELECT id FROM models WHERE org_id = $1 LIMIT 1', [beta.orgId])) as Array<{ id: string }>;
    const [betaPolicy] = (await stack.dataSource.query('SELECT id FROM policies WHERE org_id = $1 LIMIT 1', [beta.orgId])) as Array<{ id: string }>;
    const [betaUser] = (await stack.dataSource.query(`SELECT u.id FROM users u WHERE u.email = 'admin@beta.example'`)) as Array<{ id: string }>;
    const [betaExport] = (await stack.dataSource.query('SELECT id FROM export_jobs WHERE org_id = $1 LIMIT 1', [beta.orgId])) as Array<{ id: string }>;
    const answers = [
      await foreign(`/api/v1/request-logs/${betaLog.event_id}`),
      await foreign(`/api/v1/providers/${betaProvider.id}`),
      await foreign(`/api/v1/models/${betaModel.id}`),
      await foreign(`/api/v1/policies/${betaPolicy.id}`),
      await foreign(`/api/v1/teams/${beta.teams[0]}`),
      await foreign(`/api/v1/teams/${beta.teams[0]}/members`),
      await foreign(`/api/v1/users/${betaUser.id}`),
      await foreign(`/api/v1/audit/exports/${betaExport.id}`),
      await stack.admin(acme.admin, 'PATCH', `/api/v1/api-keys/${beta.keys[0].id}`, { name: 'taken over' }),
      await stack.admin(acme.admin, 'POST', `/api/v1/api-keys/${beta.keys[0].id}/rotate`, {}),
      await stack.admin(acme.admin, 'POST', `/api/v1/api-keys/${beta.keys[0].id}/revoke`, {}),
      await stack.admin(acme.admin, 'PATCH', `/api/v1/providers/${betaProvider.id}`, { name: 'taken over' }),
      await stack.admin(acme.admin, 'DELETE', `/api/v1/policies/${betaPolicy.id}`),
      await stack.admin(acme.admin, 'POST', '/api/v1/api-keys', { name: 'in their team', teamId: beta.teams[0] }),
    ];
    expect(answers.map((a) => `${a.label}`)).toEqual(answers.map((a) => a.label.replace(/→ \d+$/, '→ 404')));
    // Choosing the other org with the org header is not a way in either.
    const viaHeader = await stack.admin(acme.admin, 'GET', '/api/v1/api-keys', undefined, { 'x-sluice-org': beta.orgId });
    expect(viaHeader.status).toBeGreaterThanOrEqual(400);
    expect(viaHeader.body).not.toContain(beta.keys[0].id);
    // The other org's key still works: nothing above changed it.
    expect((await stack.gatewayCall(beta.keys[0].secret, '/v1/chat/completions', { model: CHAT_MODEL, messages: [{ role: 'user', content: 'still mine' }] })).status).toBe(200);
    console.log(`tenant ids: ${answers.length} reads and writes of another org's objects by id: all 404; org header for a foreign org: ${viaHeader.status}`);
  });
});
