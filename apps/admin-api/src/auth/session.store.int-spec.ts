import type { Redis } from 'ioredis';
import { REDIS } from '../redis.token';
import { SessionStore } from './session.store';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness } from '../testing/admin-api-harness';

describe('sessions: per-user index and "sign out everywhere" (real Postgres + Redis)', () => {
  let h: AdminApiHarness;
  let store: SessionStore;
  let redis: Redis;

  beforeAll(async () => {
    h = await startAdminApiHarness();
    store = h.app.get(SessionStore);
    redis = h.app.get<Redis>(REDIS);
  });
  afterAll(async () => {
    await h?.close();
  });

  const me = (cookie: string) => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

  it('POST /auth/sessions/revoke-all ends every session of the caller only, clears the cookie and is audited', async () => {
    const otherId = await createUser(h.dataSource, 'dev-revoke@acme.test', h.orgId, 'developer');
    const a = await signIn(h.app, h.adminEmail);
    const b = await signIn(h.app, h.adminEmail);
    const other = await signIn(h.app, 'dev-revoke@acme.test');
    expect((await me(a.cookie)).statusCode).toBe(200);

    const noCsrf = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all', headers: { cookie: a.cookie } });
    expect(noCsrf.statusCode).toBe(403);

    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all', headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revoked: 2 });
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await me(a.cookie)).statusCode).toBe(401);
    expect((await me(b.cookie)).statusCode).toBe(401);
    expect((await me(other.cookie)).statusCode).toBe(200);
    expect(await store.countForUser(otherId)).toBe(1);

    const events = (await h.dataSource.query(`SELECT actor_id, result, after FROM audit_events WHERE org_id = $1 AND action = 'auth.sessions_revoked'`, [h.orgId])) as Array<{
      actor_id: string;
      result: string;
      after: { revoked: number };
    }>;
    expect(events).toEqual([expect.objectContaining({ result: 'success', after: expect.objectContaining({ revoked: 2 }) })]);
  });

  it('needs a session', async () => {
    expect((await h.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all' })).statusCode).toBe(401);
  });

  it('revokeAllForUser ends sessions created on any instance (they share Redis), and the index drops destroyed and expired sessions', async () => {
    const userId = await createUser(h.dataSource, 'dev-index@acme.test', h.orgId, 'developer');
    const first = await store.create(userId);
    const second = await store.create(userId);
    const third = await store.create(userId);
    expect(await store.countForUser(userId)).toBe(3);

    await store.destroy(first.id);
    expect(await store.countForUser(userId)).toBe(2);

    // A session whose key Redis expired is pruned from the index.
    const expiredKeys = await redis.keys(`${h.config.QUEUE_PREFIX}:session:*`);
    expect(expiredKeys.length).toBeGreaterThan(0);
    const index = await redis.smembers(`${h.config.QUEUE_PREFIX}:user-sessions:${userId}`);
    await redis.del(index[0]);
    expect(await store.countForUser(userId)).toBe(1);

    expect(await store.revokeAllForUser(userId)).toBe(1);
    expect(await store.touch(second.id)).toBeNull();
    expect(await store.touch(third.id)).toBeNull();
    expect(await store.countForUser(userId)).toBe(0);
    expect(await store.revokeAllForUser(userId)).toBe(0);
  });
});
