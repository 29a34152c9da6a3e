import { Redis } from 'ioredis';
import { verifyAuditChain } from '@sluice/audit';
import { getConfigVersion } from '@sluice/db';
import { hashApiKey } from '@sluice/governance';
import { createUser, KEY_PEPPER, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { PLAYGROUND_KEY_TTL_SECONDS, type PlaygroundSessionKey } from './playground-session-key.dto';

const URL = '/api/v1/playground/session-key';

describe('playground session key: short-lived, scoped to the user’s team and its models, reused, audited (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let secondTeamId: string;
  let otherOrgTeamId: string;
  let admin: SignedIn;
  let dev: SignedIn;
  let viewer: SignedIn;
  let redis: Redis;

  const call = (who: SignedIn, payload: unknown = {}) => h.app.inject({ method: 'POST', url: URL, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, payload: payload as object });
  const keyRow = async (id: string) =>
    ((await h.dataSource.query('SELECT user_id, team_id, org_id, hash, allowed_models, metadata, expires_at, revoked_at FROM api_keys WHERE id = $1', [id])) as Array<{
      user_id: string;
      team_id: string;
      org_id: string;
      hash: string;
      allowed_models: string[];
      metadata: Record<string, string>;
      expires_at: Date;
      revoked_at: Date | null;
    }>)[0];

  beforeAll(async () => {
    h = await startAdminApiHarness();
    redis = new Redis(h.redis.url);
    await h.dataSource.query(`UPDATE teams SET allowed_models = $2 WHERE id = $1`, [h.teamId, ['gpt-4o-mini']]);
    const [second] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'zz second team') RETURNING id`, [h.orgId])) as Array<{ id: string }>;
    secondTeamId = second.id;
    const [org] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    const [otherTeam] = (await h.dataSource.query(`INSERT INTO teams (org_id, name) VALUES ($1, 'others') RETURNING id`, [org.id])) as Array<{ id: string }>;
    otherOrgTeamId = otherTeam.id;
    await createUser(h.dataSource, 'dev@play.test', h.orgId, 'developer', h.teamId);
    await createUser(h.dataSource, 'viewer@play.test', h.orgId, 'viewer');
    [admin, dev, viewer] = await Promise.all([h.adminEmail, 'dev@play.test', 'viewer@play.test'].map((e) => signIn(h.app, e)));
  });
  afterAll(async () => {
    await redis?.quit();
    await h?.close();
  });

  it('mints a real key for the developer in their team: expiry ≤ 1 h, tagged playground, the team’s models only, version bumped, audited', async () => {
    const versionBefore = await getConfigVersion(h.dataSource);
    const started = Date.now();
    const res = await call(dev);
    expect(res.statusCode).toBe(200);
    const body = res.json() as PlaygroundSessionKey;
    expect(body).toMatchObject({ teamId: h.teamId, allowedModels: ['gpt-4o-mini'], reused: false });
    expect(body.secret).toMatch(/^sk-sluice-/);

    const row = await keyRow(body.keyId);
    const [devUser] = (await h.dataSource.query(`SELECT id FROM users WHERE email = 'dev@play.test'`)) as Array<{ id: string }>;
    expect(row).toMatchObject({ user_id: devUser.id, team_id: h.teamId, org_id: h.orgId, allowed_models: ['gpt-4o-mini'], metadata: { purpose: 'playground' }, revoked_at: null });
    expect(row.hash).toBe(hashApiKey(KEY_PEPPER, body.secret));
    const expiresInMs = new Date(row.expires_at).getTime() - started;
    expect(expiresInMs).toBeLessThanOrEqual(PLAYGROUND_KEY_TTL_SECONDS * 1000 + 5_000);
    expect(expiresInMs).toBeGreaterThan(30 * 60 * 1000);
    expect(new Date(body.expiresAt).getTime()).toBe(new Date(row.expires_at).getTime());

    expect(await getConfigVersion(h.dataSource)).toBe(versionBefore + 1);
    const events = (await h.dataSource.query(`SELECT action, actor_id, after FROM audit_events WHERE org_id = $1 AND target_id = $2`, [h.orgId, body.keyId])) as Array<{ action: string; actor_id: string; after: { metadata: Record<string, string> } }>;
    expect(events).toEqual([expect.objectContaining({ action: 'api_key.created', actor_id: devUser.id, after: expect.objectContaining({ metadata: { purpose: 'playground' } }) })]);
    expect(JSON.stringify(events)).not.toContain(body.secret);
    // Redis holds the secret only sealed.
    const stored = await redis.keys(`${h.redis.prefix}:playground-key:*`);
    expect(stored).toHaveLength(1);
    expect(await redis.get(stored[0])).not.toContain(body.secret);
  });

  it('hands out the same key while it is valid instead of minting another', async () => {
    const first = (await call(dev)).json() as PlaygroundSessionKey;
    const versionBefore = await getConfigVersion(h.dataSource);
    const again = await call(dev);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ keyId: first.keyId, secret: first.secret, reused: true });
    expect(await getConfigVersion(h.dataSource)).toBe(versionBefore);
    const [{ count }] = (await h.dataSource.query(`SELECT count(*)::int AS count FROM api_keys WHERE metadata ->> 'purpose' = 'playground' AND team_id = $1 AND revoked_at IS NULL`, [h.teamId])) as Array<{ count: number }>;
    expect(count).toBe(1);
  });

  it('concurrent first calls of one user end with one live key', async () => {
    await h.dataSource.query(`UPDATE teams SET allowed_models = '{}' WHERE id = $1`, [secondTeamId]);
    const answers = await Promise.all([call(admin, { teamId: secondTeamId }), call(admin, { teamId: secondTeamId }), call(admin, { teamId: secondTeamId })]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => (a.json() as PlaygroundSessionKey).keyId)).size).toBe(1);
    const live = (await h.dataSource.query(`SELECT id FROM api_keys WHERE metadata ->> 'purpose' = 'playground' AND team_id = $1 AND revoked_at IS NULL`, [secondTeamId])) as unknown[];
    expect(live).toHaveLength(1);
  });

  it('replaces the key (revoking the old one, audited) when the team’s allowed models change', async () => {
    const before = (await call(dev)).json() as PlaygroundSessionKey;
    await h.dataSource.query(`UPDATE teams SET allowed_models = $2 WHERE id = $1`, [h.teamId, ['gpt-4o-mini', 'claude-sonnet-4']]);
    const res = await call(dev);
    const after = res.json() as PlaygroundSessionKey;
    expect(after.keyId).not.toBe(before.keyId);
    expect(after.allowedModels.sort()).toEqual(['claude-sonnet-4', 'gpt-4o-mini']);
    expect((await keyRow(before.keyId)).revoked_at).not.toBeNull();
    const revoked = (await h.dataSource.query(`SELECT action FROM audit_events WHERE target_id = $1 AND action = 'api_key.revoked'`, [before.keyId])) as unknown[];
    expect(revoked).toHaveLength(1);
  });

  it('is scoped to teams the user belongs to: another team is 403, another org’s team 404; a viewer may not have one', async () => {
    expect((await call(dev, { teamId: secondTeamId })).statusCode).toBe(403);
    expect((await call(dev, { teamId: otherOrgTeamId })).statusCode).toBe(404);
    expect((await call(admin, { teamId: otherOrgTeamId })).statusCode).toBe(404);
    const denied = await call(viewer);
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses unknown fields (mass assignment of models, expiry or owner)', async () => {
    for (const payload of [{ allowedModels: ['gpt-4o'] }, { expiresAt: '2099-01-01T00:00:00Z' }, { userId: '00000000-0000-4000-8000-000000000000' }]) {
      expect((await call(dev, payload)).statusCode).toBe(400);
    }
  });

  it('keeps the audit chain intact', async () => {
    const result = await verifyAuditChain(h.dataSource, h.orgId);
    expect(result).toMatchObject({ ok: true });
  });
});
