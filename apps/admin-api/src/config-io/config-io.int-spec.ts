import { parse } from 'yaml';
import { standaloneConfigSchema } from '@sluice/contracts';
import { getConfigVersion } from '@sluice/db';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import type { ImportPreview, ImportResult } from './config-io.dto';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- an edited YAML document

describe('config export, import preview and import (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let admin: SignedIn;
  let auditor: SignedIn;
  let teamAdmin: SignedIn;
  let freshAdmin: SignedIn;
  let freshOrgId: string;
  let exported: string;

  const call = (who: SignedIn, method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'x-sluice-org': who === freshAdmin ? freshOrgId : h.orgId }, ...(payload ? { payload } : {}) });
  const policy = async (kind: string, name: string, spec: object, scopeType: string, scopeId: string) => {
    const created = await call(admin, 'POST', '/api/v1/policies', { kind, name, spec });
    expect(created.statusCode).toBe(201);
    expect((await call(admin, 'POST', `/api/v1/policies/${(created.json() as { id: string }).id}/attachments`, { scopeType, scopeId })).statusCode).toBe(201);
  };
  const withoutOrganization = (yaml: string) => yaml.replace(/^organization: .*$/m, 'organization: (org)');

  beforeAll(async () => {
    h = await startAdminApiHarness();
    // Public host names: an import checks base URLs with the same egress rules as the providers API.
    await h.dataSource.query(`UPDATE providers SET base_url = 'https://openai.mock.example/v1' WHERE name = 'Mock OpenAI'`);
    await h.dataSource.query(`UPDATE providers SET base_url = 'https://anthropic.mock.example' WHERE name = 'Mock Anthropic'`);
    [{ id: freshOrgId }] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Fresh', 'fresh') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'lead@acme.test', h.orgId, 'team_admin', h.teamId);
    await createUser(h.dataSource, 'owner@fresh.test', freshOrgId, 'owner');
    [admin, auditor, teamAdmin, freshAdmin] = await Promise.all([h.adminEmail, 'auditor@acme.test', 'lead@acme.test', 'owner@fresh.test'].map((e) => signIn(h.app, e)));
    // A deployment with its own long-context tier and 1-hour cache-write prices (the model, claude-sonnet-4-5, has the seeded tier and
    // cache-write prices, 5-minute and 1-hour).
    await h.dataSource.query(
      `UPDATE deployments SET long_context_above_tokens = 150000, long_context_input_price_per_1m = 5, long_context_output_price_per_1m = 20,
              long_context_cached_input_price_per_1m = 0.5, cache_write_1h_price_per_1m = 5, long_context_cache_write_1h_price_per_1m = 10
        WHERE upstream_model = 'claude-sonnet-4-5'`,
    );
    // A negotiated input price only: the deployment bills it with the model's other prices.
    await h.dataSource.query(`UPDATE deployments SET input_price_per_1m = 0.1 WHERE upstream_model = 'gpt-4o-mini'`);
    await policy('rate_limit', 'org limits', { rpm: 5000, failMode: 'closed' }, 'org', h.orgId);
    await policy('guardrail', 'org guardrails', { pii: { action: 'redact' } }, 'org', h.orgId);
    await policy('budget', 'platform budget', { amountUsd: 250, period: 'monthly' }, 'team', h.teamId);
    await policy('logging', 'platform logging', { storePrompts: true, retentionDays: 14 }, 'team', h.teamId);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('exports the standalone shape: credentials as placeholders, no keys, policies per org and team', async () => {
    const res = await call(auditor, 'GET', '/api/v1/config/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/yaml');
    expect(Number(res.headers['x-sluice-config-version'])).toBe(await getConfigVersion(h.dataSource));
    exported = res.body;
    expect(exported).not.toContain('mock-key');
    const doc = parse(exported) as Doc;
    expect(standaloneConfigSchema.safeParse(doc).success).toBe(true);
    expect(doc.keys).toBeUndefined();
    expect(doc.providers).toEqual(
      expect.arrayContaining([{ name: 'mock-openai', type: 'openai', base_url: 'https://openai.mock.example/v1', api_key: '${SLUICE_PROVIDER_MOCK_OPENAI_API_KEY}' }]),
    );
    expect(doc.models.find((m: Doc) => m.name === 'gpt-4o-mini')).toMatchObject({
      prices: { input_per_1m: 0.15, output_per_1m: 0.6, cached_input_per_1m: 0.075 },
      deployments: [{ model: 'gpt-4o-mini', prices: { input_per_1m: 0.1, output_per_1m: 0.6, cached_input_per_1m: 0.075 } }],
    });
    expect(doc.models.find((m: Doc) => m.name === 'claude-sonnet-4-5')).toMatchObject({
      prices: {
        input_per_1m: 3,
        cache_write_per_1m: 3.75,
        cache_write_1h_per_1m: 6,
        long_context: { above_tokens: 200000, input_per_1m: 6, output_per_1m: 22.5, cached_input_per_1m: 0.6, cache_write_per_1m: 7.5, cache_write_1h_per_1m: 12 },
      },
      deployments: [
        {
          model: 'claude-sonnet-4-5',
          prices: {
            input_per_1m: 3,
            output_per_1m: 15,
            cached_input_per_1m: 0.3,
            cache_write_1h_per_1m: 5,
            long_context: { above_tokens: 150000, input_per_1m: 5, output_per_1m: 20, cached_input_per_1m: 0.5, cache_write_1h_per_1m: 10 },
          },
        },
      ],
    });
    expect(doc.organization_limits).toEqual({ rpm: 5000, perModel: {} });
    expect(doc.governance).toEqual({ failMode: 'closed' });
    expect(doc.guardrails.pii.action).toBe('redact');
    expect(doc.teams).toEqual([{ name: 'Platform', budget: { amountUsd: 250, period: 'monthly', hard: true, alertThresholds: [0.5, 0.8, 1] }, logging: { storePrompts: true, storeResponses: false, retentionDays: 14 } }]);
    expect((await call(teamAdmin, 'GET', '/api/v1/config/export')).statusCode).toBe(403);
  });

  it('round trip: preview into a fresh org writes nothing; import applies it (one version, audited); its export is identical', async () => {
    const preview = await call(freshAdmin, 'POST', '/api/v1/config/import/preview', { yaml: exported });
    expect(preview.statusCode).toBe(200);
    const diff = (preview.json() as ImportPreview).diff;
    expect(diff.providers.added).toEqual(['mock-anthropic', 'mock-openai']);
    expect(diff.teams.added).toEqual(['Platform']);
    expect(diff.policies.added).toEqual(['org/guardrail', 'org/rate_limit', 'team:Platform/budget', 'team:Platform/logging']);
    expect(diff.models.removed).toEqual([]);
    expect((await h.dataSource.query('SELECT count(*)::int AS n FROM providers WHERE org_id = $1', [freshOrgId]))[0].n).toBe(0);

    const before = await getConfigVersion(h.dataSource);
    const applied = await call(freshAdmin, 'POST', '/api/v1/config/import', { yaml: exported, expectedVersion: before });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, version: before + 1 });
    const [event] = (await h.dataSource.query(`SELECT action, after FROM audit_events WHERE org_id = $1 AND action = 'config.imported'`, [freshOrgId])) as Array<{ action: string; after: { summary: { added: number } } }>;
    expect(event.after.summary.added).toBeGreaterThan(5);
    const [sonnet] = (await h.dataSource.query(
      `SELECT m.cache_write_1h_price_per_1m AS model, m.long_context_cache_write_1h_price_per_1m AS model_tier,
              d.cache_write_1h_price_per_1m AS deployment, d.long_context_cache_write_1h_price_per_1m AS deployment_tier
         FROM models m JOIN deployments d ON d.model_id = m.id WHERE m.org_id = $1 AND m.name = 'claude-sonnet-4-5'`,
      [freshOrgId],
    )) as Array<Record<string, string>>;
    expect(sonnet).toEqual({ model: '6.000000', model_tier: '12.000000', deployment: '5.000000', deployment_tier: '10.000000' });

    // The file carries no secrets: credentials are set afterwards with the providers API, as an operator would.
    for (const { id } of (await h.dataSource.query('SELECT id FROM providers WHERE org_id = $1', [freshOrgId])) as Array<{ id: string }>) {
      expect((await h.app.inject({ method: 'PATCH', url: `/api/v1/providers/${id}`, headers: { cookie: freshAdmin.cookie, 'x-csrf-token': freshAdmin.csrfToken }, payload: { credentials: { apiKey: 'sk-upstream-0123456789' } } })).statusCode).toBe(200);
    }
    const again = await call(freshAdmin, 'GET', '/api/v1/config/export');
    expect(withoutOrganization(again.body)).toBe(withoutOrganization(exported));
    const noop = await call(freshAdmin, 'POST', '/api/v1/config/import', { yaml: again.body });
    expect(noop.json()).toMatchObject({ applied: false, version: await getConfigVersion(h.dataSource), summary: { added: 0, changed: 0, removed: 0 } });
  });

  it('previews changes and removals per resource, then applies them', async () => {
    const doc = parse(exported) as Doc;
    doc.models.find((m: Doc) => m.name === 'gpt-4o-mini').prices.input_per_1m = 0.2;
    const dropped = doc.models.pop() as Doc;
    doc.providers.push({ name: 'extra', type: 'openai-compatible', base_url: 'https://llm.internal.example/v1' });
    doc.teams[0].budget.amountUsd = 300;
    delete doc.teams[0].logging;
    doc.governance.failMode = 'open';
    const yaml = JSON.stringify(doc);
    const preview = (await call(admin, 'POST', '/api/v1/config/import/preview', { yaml })).json() as ImportPreview;
    expect(preview.diff).toEqual({
      providers: { added: ['extra'], changed: [], removed: [] },
      models: { added: [], changed: [{ name: 'gpt-4o-mini', fields: ['prices'] }], removed: [dropped.name] },
      teams: { added: [] },
      policies: { added: [], changed: [{ name: 'org/rate_limit', fields: ['spec'] }, { name: 'team:Platform/budget', fields: ['spec'] }], removed: ['team:Platform/logging'] },
    });
    expect((await call(admin, 'POST', '/api/v1/config/import', { yaml, expectedVersion: preview.baseVersion - 1 })).statusCode).toBe(409);
    const result = (await call(admin, 'POST', '/api/v1/config/import', { yaml, expectedVersion: preview.baseVersion })).json() as ImportResult;
    expect(result).toMatchObject({ applied: true, version: preview.baseVersion + 1, summary: { added: 1, changed: 3, removed: 2 } });
    const after = parse((await call(admin, 'GET', '/api/v1/config/export')).body) as Doc;
    expect(after.models.map((m: Doc) => m.name)).not.toContain(dropped.name);
    expect(after.governance.failMode).toBe('open');
    expect(after.teams[0].logging).toBeUndefined();
    expect(after.teams[0].budget.amountUsd).toBe(300);
    const [budget] = (await h.dataSource.query(`SELECT version FROM policies WHERE org_id = $1 AND name = 'platform budget'`, [h.orgId])) as Array<{ version: number }>;
    expect(budget.version).toBe(2);
  });

  it('refuses bad YAML (line and column), schema errors (field paths), secrets and keys, a key in a base URL, unknown body fields and non-admins', async () => {
    const syntax = await call(admin, 'POST', '/api/v1/config/import/preview', { yaml: 'version: 1\nproviders: [\n  - name: x\n' });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.headers['content-type']).toContain('application/problem+json');
    expect((syntax.json() as { errors: Array<{ path: string }> }).errors[0].path).toMatch(/^line \d+, column \d+$/);

    const doc = parse(exported) as Doc;
    doc.teams[0].budget.amountUsd = -1;
    doc.models[0].deployments[0].provider = 'nope';
    const schema = await call(admin, 'POST', '/api/v1/config/import', { yaml: JSON.stringify(doc) });
    expect(schema.statusCode).toBe(400);
    expect((schema.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(expect.arrayContaining(['teams.0.budget.amountUsd', 'models.0.deployments.0.provider']));

    const secrets = parse(exported) as Doc;
    secrets.providers[0].api_key = 'sk-live-secret';
    secrets.keys = [{ name: 'ci', key_hash: 'a'.repeat(64) }];
    const refused = await call(admin, 'POST', '/api/v1/config/import', { yaml: JSON.stringify(secrets) });
    expect(refused.statusCode).toBe(422);
    expect((refused.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['keys', 'providers.0.api_key']);

    // A key in a base URL's query would be exported and shown to provider readers: refused, naming the parameter only.
    const keyInUrl = parse(exported) as Doc;
    keyInUrl.providers.push({ name: 'gemini-direct', type: 'gemini', base_url: 'https://generativelanguage.googleapis.com/v1beta?key=AIzaSy-in-the-url-000' });
    const urlRefused = await call(admin, 'POST', '/api/v1/config/import/preview', { yaml: JSON.stringify(keyInUrl) });
    expect(urlRefused.statusCode).toBe(400);
    expect(urlRefused.headers['content-type']).toContain('application/problem+json');
    expect(urlRefused.json()).toMatchObject({ type: 'urn:sluice:problem:base-url-not-allowed', errors: [{ path: 'providers.gemini-direct.base_url', message: expect.stringContaining('credential in its query (key)') }] });
    expect(urlRefused.body).not.toContain('AIzaSy-in-the-url');
    expect((await call(admin, 'POST', '/api/v1/config/import', { yaml: JSON.stringify(keyInUrl) })).json()).toMatchObject({ type: 'urn:sluice:problem:base-url-not-allowed' });

    expect((await call(admin, 'POST', '/api/v1/config/import', { yaml: exported, orgId: freshOrgId })).statusCode).toBe(400);
    expect((await call(auditor, 'POST', '/api/v1/config/import/preview', { yaml: exported })).statusCode).toBe(403);
    expect((await call(teamAdmin, 'POST', '/api/v1/config/import', { yaml: exported })).statusCode).toBe(403);
  });
  it('a service account with the admin role exports and imports with its bearer token (GitOps), audited as itself', async () => {
    const account = (await call(admin, 'POST', '/api/v1/service-accounts', { name: 'gitops', role: 'admin' })).json() as { id: string };
    const token = (await call(admin, 'POST', `/api/v1/service-accounts/${account.id}/tokens`, { name: 'ci' })).json() as { secret: string };
    const bearer = (method: 'GET' | 'POST', url: string, payload?: object) => h.app.inject({ method, url, headers: { authorization: `Bearer ${token.secret}` }, ...(payload ? { payload } : {}) });
    const exportedBySa = await bearer('GET', '/api/v1/config/export');
    expect(exportedBySa.statusCode).toBe(200);
    const doc = parse(exportedBySa.body) as Doc;
    doc.teams[0].budget.amountUsd = 400;
    const res = await bearer('POST', '/api/v1/config/import', { yaml: JSON.stringify(doc) });
    expect(res.json()).toMatchObject({ applied: true, summary: { added: 0, changed: 1, removed: 0 } });
    const [event] = (await h.dataSource.query(`SELECT actor_type, actor_id FROM audit_events WHERE org_id = $1 AND action = 'config.imported' ORDER BY seq DESC LIMIT 1`, [h.orgId])) as Array<Record<string, string>>;
    expect(event).toEqual({ actor_type: 'service_account', actor_id: account.id });
  });
});
