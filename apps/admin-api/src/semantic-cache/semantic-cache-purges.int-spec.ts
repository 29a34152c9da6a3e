import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName, SemanticCacheJob } from '@sluice/contracts';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

/** The purges the worker will run (its side, deleting the entries, is tested in apps/worker/src/semantic-cache). */
describe('semantic-cache purges queued by the admin API on key revocation and caching-policy changes (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let connection: Redis;
  let queue: Queue;
  let admin: SignedIn;
  let dev: SignedIn;

  const call = (who: SignedIn, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  /** Purge jobs queued since the last call (then removed, so each test sees its own). */
  async function takePurges(): Promise<Array<{ orgId: string; teamId?: string | null }>> {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    const purges = jobs.filter((j) => j.name === SemanticCacheJob.PurgeScope).map((j) => j.data as { orgId: string; teamId?: string | null });
    await Promise.all(jobs.map((j) => j.remove()));
    return purges;
  }

  beforeAll(async () => {
    h = await startAdminApiHarness();
    connection = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.SemanticCacheWrites, { connection, prefix: h.redis.prefix });
    await createUser(h.dataSource, 'dev@acme.test', h.orgId, 'developer', h.teamId);
    [admin, dev] = await Promise.all([signIn(h.app, h.adminEmail), signIn(h.app, 'dev@acme.test')]);
    await takePurges();
  });

  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await h?.close();
  });

  it("revoking a key purges its team's entries (a leaked key may have seeded answers others are served)", async () => {
    const created = (await call(dev, 'POST', '/api/v1/api-keys', { name: 'leaky', teamId: h.teamId })).json() as { key: { id: string } };
    expect(await takePurges()).toEqual([]);
    expect((await call(dev, 'POST', `/api/v1/api-keys/${created.key.id}/revoke`, {})).statusCode).toBe(200);
    expect(await takePurges()).toEqual([{ orgId: h.orgId, teamId: h.teamId }]);
    // A refused revocation (already revoked) changes nothing and purges nothing.
    expect((await call(dev, 'POST', `/api/v1/api-keys/${created.key.id}/revoke`, {})).statusCode).toBe(409);
    expect(await takePurges()).toEqual([]);
  });

  it('attaching, editing and detaching a caching policy purges the scopes it covers; other policy kinds purge nothing', async () => {
    const created = await call(admin, 'POST', '/api/v1/policies', { kind: 'cache', name: 'semantic', spec: { mode: 'exact+semantic', ttlSeconds: 600, semantic: { embeddingModel: 'text-embedding-3-small', threshold: 0.9 } } });
    expect(created.statusCode).toBe(201);
    const cache = created.json() as { id: string };
    expect(await takePurges()).toEqual([]);

    const attachTeam = (await call(admin, 'POST', `/api/v1/policies/${cache.id}/attachments`, { scopeType: 'team', scopeId: h.teamId })).json() as { id: string };
    expect(await takePurges()).toEqual([{ orgId: h.orgId, teamId: h.teamId }]);
    expect((await call(admin, 'POST', `/api/v1/policies/${cache.id}/attachments`, { scopeType: 'org', scopeId: h.orgId })).statusCode).toBe(201);
    expect(await takePurges()).toEqual([{ orgId: h.orgId }]);

    // An edit invalidates every attached scope; the org-wide purge covers the team's.
    expect((await call(admin, 'PATCH', `/api/v1/policies/${cache.id}`, { spec: { mode: 'exact+semantic', ttlSeconds: 600, semantic: { embeddingModel: 'text-embedding-3-small', threshold: 0.97 } } })).statusCode).toBe(200);
    expect(await takePurges()).toEqual([{ orgId: h.orgId }]);

    expect((await call(admin, 'DELETE', `/api/v1/policies/${cache.id}/attachments/${attachTeam.id}`)).statusCode).toBe(204);
    expect(await takePurges()).toEqual([{ orgId: h.orgId, teamId: h.teamId }]);

    const limitsCreated = await call(admin, 'POST', '/api/v1/policies', { kind: 'rate_limit', name: 'rpm', spec: { rpm: 60 } });
    expect(limitsCreated.statusCode).toBe(201);
    const limits = limitsCreated.json() as { id: string };
    expect((await call(admin, 'POST', `/api/v1/policies/${limits.id}/attachments`, { scopeType: 'team', scopeId: h.teamId })).statusCode).toBe(201);
    expect(await takePurges()).toEqual([]);
  });
});
