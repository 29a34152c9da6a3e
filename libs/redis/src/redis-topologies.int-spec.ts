/**
 * Every shared-state user of Redis that lives in the libs, against REAL topologies started here from
 * Debian's redis-server: a 3-master Redis Cluster and a Sentinel deployment (primary, replica,
 * sentinel). The clients come from createRedisClient with the env the apps parse.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { configChangedChannel, parseEnv, workerEnvSchema } from '@sluice/contracts';
import { ExactCacheWriter, exactCacheKey, lookup } from '@sluice/cache';
import { RedisLimiter, type LimitRule } from '@sluice/governance';
import { RedisClusterProcesses, RedisSentinelProcesses, waitFor } from '@sluice/testing';
import { bullmqPrefixOf, createRedisClient, isClusterClient, redisTopologyOf, waitUntilReady, type RedisClientOptions } from './index';

type Topology = { kind: 'cluster'; processes: RedisClusterProcesses } | { kind: 'sentinel'; processes: RedisSentinelProcesses };

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion' as const,
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant' as const, content: 'cached answer' }, finish_reason: 'stop' as const }],
};

describe.each(['cluster', 'sentinel'] as const)('Redis %s (real processes)', (kind) => {
  let topology: Topology;
  let env: ReturnType<typeof parseEnvFor>;
  const clients: Redis[] = [];
  const prefix = `t_${randomUUID().slice(0, 8)}`;

  function parseEnvFor(nodes: Record<string, string>) {
    return parseEnv('worker', workerEnvSchema, { DATABASE_URL: 'postgres://unused@127.0.0.1/unused', QUEUE_PREFIX: prefix, ...nodes });
  }
  const client = (options: RedisClientOptions = { maxRetriesPerRequest: 1 }) => {
    const redis = createRedisClient(redisTopologyOf(env), options);
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    topology = kind === 'cluster' ? { kind, processes: await RedisClusterProcesses.start(3) } : { kind, processes: await RedisSentinelProcesses.start() };
    env = parseEnvFor(topology.kind === 'cluster' ? { REDIS_CLUSTER_NODES: topology.processes.nodesEnv } : { REDIS_SENTINELS: topology.processes.sentinelsEnv, REDIS_SENTINEL_NAME: 'mymaster' });
  });

  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await topology?.processes.stop();
  });

  it('builds the client for the topology', async () => {
    const redis = client();
    expect(isClusterClient(redis)).toBe(kind === 'cluster');
    expect(await redis.set(`${prefix}:probe`, '1')).toBe('OK');
    if (topology.kind === 'cluster') {
      expect(bullmqPrefixOf(env)).toBe(`{${prefix}}`);
      // The cluster really spreads keys: three masters own the slots.
      const nodes = (redis as unknown as { nodes(role: string): Redis[] }).nodes('master');
      expect(nodes).toHaveLength(3);
    } else {
      expect(bullmqPrefixOf(env)).toBe(prefix);
    }
  });

  it('waits until a client without an offline queue can take commands (as the gateway does before it serves)', async () => {
    // The gateway's limits client: a command before it is ready fails at once instead of queueing.
    const limits = client({ enableOfflineQueue: false, commandTimeout: 500, maxRetriesPerRequest: 0 });
    await expect(limits.ping()).rejects.toThrow(/enableOfflineQueue/);
    expect(await waitUntilReady(limits, 10_000)).toBe(true);
    expect(await limits.ping()).toBe('PONG');
    expect(await waitUntilReady(limits, 10)).toBe(true);
  });

  it('runs the admission and settlement scripts: rate limit, budget and the exact cache in one round trip, per org across slots', async () => {
    const limits = client({ enableOfflineQueue: false, commandTimeout: 2000, maxRetriesPerRequest: 0 });
    await waitFor(async () => limits.status === 'ready', { timeoutMs: 10_000, what: 'limits client ready' });
    const limiter = new RedisLimiter(limits, prefix);
    const rules: LimitRule[] = [
      { kind: 'rate', id: 'key:k1:rpm', limit: 2, windowMs: 60_000, cost: 1 },
      { kind: 'budget', id: 'key:k1:budget', period: '2026-11-26', limitNanos: 1_000, reserveNanos: 400, ttlMs: 86_400_000 },
    ];
    const orgs = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    if (kind === 'cluster') {
      // The cluster itself says where the keys go: one slot per org, different orgs on different slots.
      const slots = await Promise.all(orgs.map((org) => limits.call('CLUSTER', 'KEYSLOT', limiter.keyOf(org, rules[0]))));
      expect(new Set(slots).size).toBeGreaterThan(1);
    }
    for (const org of orgs) {
      const cacheKey = exactCacheKey({ prefix, orgId: org, teamId: null }, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
      await new ExactCacheWriter(client()).store(cacheKey, { storedAt: Date.now(), servedBy: { model: 'gpt-4o' }, completion }, 60);
      const first = await limiter.admit(org, 'r1', rules, cacheKey);
      expect(first.allowed).toBe(true);
      expect(first.cached).toContain('cached answer');
      expect((await lookup(limits, cacheKey))?.completion.choices[0]).toMatchObject({ message: { content: 'cached answer' } });
      // The budget books 700 of 1,000 nano-USD; the next reservation of 400 no longer fits.
      expect(await limiter.settle(org, 'r1', rules, { tokenDelta: {}, costNanos: 700 })).toEqual({ 'key:k1:budget': 700 });
      const second = await limiter.admit(org, 'r2', rules);
      expect(second).toMatchObject({ allowed: false, deniedBy: { id: 'key:k1:budget', kind: 'budget' } });
      // The cache hit and the refusal consumed no request: the RPM limit (2) admits two more, then refuses.
      expect((await limiter.admit(org, 'r3', [rules[0]])).allowed).toBe(true);
      expect((await limiter.admit(org, 'r4', [rules[0]])).allowed).toBe(true);
      expect(await limiter.admit(org, 'r5', [rules[0]])).toMatchObject({ allowed: false, deniedBy: { id: 'key:k1:rpm', kind: 'rate' } });
    }
  });

  it('round-trips a BullMQ job (producer and worker on their own connections, hash-tagged prefix on a Cluster)', async () => {
    const queueName = `topology-${kind}`;
    const bullPrefix = bullmqPrefixOf(env);
    const queue = new Queue(queueName, { connection: client(), prefix: bullPrefix });
    const processed: unknown[] = [];
    const worker = new Worker(queueName, async (job) => { processed.push(job.data); return { echoed: job.data.n }; }, { connection: client({ maxRetriesPerRequest: null }), prefix: bullPrefix });
    try {
      await worker.waitUntilReady();
      const job = await queue.add('probe', { n: 42 }, { jobId: 'job-1' });
      await waitFor(async () => (await job.getState()) === 'completed', { timeoutMs: 60_000, what: 'job completed' });
      expect((await queue.getJob('job-1'))?.returnvalue).toEqual({ echoed: 42 });
      expect(processed).toEqual([{ n: 42 }]);
      // A second add with the same id is ignored (the usage publisher relies on it).
      await queue.add('probe', { n: 43 }, { jobId: 'job-1' });
      expect(await queue.getJobCounts('completed', 'waiting')).toEqual({ completed: 1, waiting: 0 });
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  if (kind === 'cluster') {
    it('a queue whose prefix is not hash-tagged is refused by the Cluster (why bullmqPrefixOf wraps it)', async () => {
      const queue = new Queue('untagged', { connection: client(), prefix });
      queue.on('error', () => undefined);
      try {
        await expect(queue.add('probe', { n: 1 })).rejects.toThrow(/CROSSSLOT|same slot/i);
      } finally {
        await queue.close();
      }
    });
  }

  it('delivers config-changed pub/sub messages between separate clients', async () => {
    const subscriber = client({ maxRetriesPerRequest: null });
    const publisher = client();
    const channel = configChangedChannel(prefix);
    const received: string[] = [];
    subscriber.on('message', (ch: string, message: string) => ch === channel && received.push(message));
    await waitFor(async () => ((await subscriber.subscribe(channel).catch(() => 0)) as number) > 0, { timeoutMs: 10_000, what: 'subscribed' });
    // On a Cluster a PUBLISH on any node reaches subscribers on every node. A command that meets a connection
    // being (re)established on a loaded machine fails ("Connection is closed") and is sent again: delivery is
    // what is checked here.
    await waitFor(async () => {
      await publisher.publish(channel, JSON.stringify({ version: 7 })).catch(() => undefined);
      return received.length > 0;
    }, { timeoutMs: 10_000, what: 'message received' });
    expect(JSON.parse(received[0])).toEqual({ version: 7 });
  });

  if (kind === 'sentinel') {
    it('follows a failover: the same client writes to the new primary', async () => {
      const redis = client({ maxRetriesPerRequest: 20 });
      const processes = (topology as { processes: RedisSentinelProcesses }).processes;
      const before = await processes.currentPrimaryPort();
      expect(await redis.set(`${prefix}:before`, '1')).toBe('OK');
      const after = await processes.failover();
      expect(after).not.toBe(before);
      const writesTo = async () => ((await redis.set(`${prefix}:after`, '2')) === 'OK' ? /tcp_port:(\d+)/.exec(await redis.info('server'))?.[1] : undefined);
      await waitFor(async () => (await writesTo().catch(() => undefined)) === String(after), { timeoutMs: 20_000, what: 'writes reach the new primary' });
      expect(await redis.get(`${prefix}:before`)).toBe('1');
    });
  }
});
