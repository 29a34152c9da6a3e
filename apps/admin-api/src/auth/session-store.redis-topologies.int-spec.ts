/**
 * The admin API's Redis state on a REAL Redis Cluster (3 masters) and a REAL Sentinel deployment,
 * started here from redis-server: the whole app runs with REDIS_CLUSTER_NODES / REDIS_SENTINELS
 * (sign-in, sessions, "sign out everywhere"), plus the session store's per-user index and the SAML
 * request/assertion replay caches, whose keys land in different slots on the Cluster.
 */
import type { Redis } from 'ioredis';
import { RedisClusterProcesses, RedisSentinelProcesses } from '@sluice/testing';
import { REDIS } from '../redis.token';
import { firstUseOfAssertion, RedisSamlRequestCache } from '../sso/saml/saml-replay-cache';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness } from '../testing/admin-api-harness';
import { SessionStore } from './session.store';

describe.each(['cluster', 'sentinel'] as const)('admin API sessions and replay caches on Redis %s (real processes)', (kind) => {
  let processes: RedisClusterProcesses | RedisSentinelProcesses;
  let h: AdminApiHarness;
  let redis: Redis;
  let store: SessionStore;

  beforeAll(async () => {
    let env: Record<string, string>;
    if (kind === 'cluster') {
      const cluster = await RedisClusterProcesses.start(3);
      processes = cluster;
      env = { REDIS_CLUSTER_NODES: cluster.nodesEnv };
    } else {
      const sentinel = await RedisSentinelProcesses.start();
      processes = sentinel;
      env = { REDIS_SENTINELS: sentinel.sentinelsEnv, REDIS_SENTINEL_NAME: sentinel.name };
    }
    h = await startAdminApiHarness({ env });
    redis = h.app.get<Redis>(REDIS);
    store = h.app.get(SessionStore);
  });

  afterAll(async () => {
    await h?.close();
    await processes?.stop();
  });

  const me = (cookie: string) => h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

  it('the app talks to the topology, not the shared Redis', async () => {
    const port = Number(/tcp_port:(\d+)/.exec(await redis.info('server'))?.[1]);
    const ports = processes instanceof RedisClusterProcesses ? processes.ports : [processes.primaryPort];
    expect(ports).toContain(port);
  });

  it('signs in, serves the session, and "sign out everywhere" ends every session of the user', async () => {
    const a = await signIn(h.app, h.adminEmail);
    const b = await signIn(h.app, h.adminEmail);
    expect((await me(a.cookie)).statusCode).toBe(200);
    expect((await me(b.cookie)).statusCode).toBe(200);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all', headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revoked: 2 });
    expect((await me(a.cookie)).statusCode).toBe(401);
    expect((await me(b.cookie)).statusCode).toBe(401);
  });

  it('keeps the per-user index true across slots (create, destroy, count, revoke)', async () => {
    const userId = await createUser(h.dataSource, `topology-${kind}@acme.test`, h.orgId, 'developer');
    const sessions = await Promise.all([store.create(userId), store.create(userId), store.create(userId)]);
    expect(await store.countForUser(userId)).toBe(3);
    expect(await store.touch(sessions[0].id)).toMatchObject({ userId });
    await store.destroy(sessions[0].id);
    expect(await store.touch(sessions[0].id)).toBeNull();
    expect(await store.countForUser(userId)).toBe(2);
    expect(await store.revokeAllForUser(userId)).toBe(2);
    expect(await store.touch(sessions[1].id)).toBeNull();
    expect(await store.countForUser(userId)).toBe(0);
  });

  it('answers a SAML request id once, and refuses a replayed assertion', async () => {
    const cache = new RedisSamlRequestCache(redis, h.config.QUEUE_PREFIX);
    expect(await cache.saveAsync('_req-1', 'https://idp.example/entity')).toMatchObject({ value: 'https://idp.example/entity' });
    expect(await cache.saveAsync('_req-1', 'again')).toBeNull();
    expect(await cache.getAsync('_req-1')).toBe('https://idp.example/entity');
    const [first, second] = await Promise.all([cache.removeAsync('_req-1'), cache.removeAsync('_req-1')]);
    expect([first, second].filter((v) => v !== null)).toEqual(['https://idp.example/entity']);

    expect(await firstUseOfAssertion(redis, h.config.QUEUE_PREFIX, 'https://idp.example/entity', '_assertion-1')).toBe(true);
    expect(await firstUseOfAssertion(redis, h.config.QUEUE_PREFIX, 'https://idp.example/entity', '_assertion-1')).toBe(false);
    expect(await firstUseOfAssertion(redis, h.config.QUEUE_PREFIX, 'https://other-idp.example', '_assertion-1')).toBe(true);
  });
});
