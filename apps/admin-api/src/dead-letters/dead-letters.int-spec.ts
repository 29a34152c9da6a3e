import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_DEAD_QUEUE, EXPORTS_DEAD_QUEUE, QueueName, SEMANTIC_CACHE_WRITES_DEAD_QUEUE, USAGE_EVENTS_DEAD_QUEUE, type DeadLetterJob } from '@sluice/contracts';
import { createUser, signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';

describe('dead letters: list (summarized, org-scoped, auditors too), retry and discard (admins only) (real Postgres + Redis queues)', () => {
  let h: AdminApiHarness;
  let connection: Redis;
  let admin: SignedIn;
  let auditor: SignedIn;
  let outsider: SignedIn;
  let otherOrgId: string;
  const queues: Queue[] = [];

  const call = (who: SignedIn, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const queue = (name: string) => {
    const q = new Queue(name, { connection, prefix: h.config.QUEUE_PREFIX });
    queues.push(q);
    return q;
  };
  /** What the worker's DeadLetterQueue writes (apps/worker/src/usage/dead-letter-queue.ts). */
  const deadLetter = async (name: string, entry: Omit<DeadLetterJob, 'failedAt' | 'attempts'> & { failedAt?: string }) => {
    const job = await queue(name).add(entry.kind, { attempts: 5, failedAt: new Date().toISOString(), ...entry }, { jobId: `dead-${entry.jobId ?? randomUUID()}`, removeOnComplete: false, removeOnFail: false });
    return `${name}:${job.id}`;
  };
  const usageBatch = (orgIds: string[]) => ({
    batchId: randomUUID(),
    events: orgIds.map((orgId, i) => ({ orgId, requestId: `req-${i}`, apiKeySecret: 'sk-sluice-should-never-show' })),
  });

  beforeAll(async () => {
    h = await startAdminApiHarness();
    connection = new Redis(h.redis.url, { maxRetriesPerRequest: null });
    [{ id: otherOrgId }] = (await h.dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('Other', 'other') RETURNING id`)) as Array<{ id: string }>;
    await createUser(h.dataSource, 'auditor@acme.test', h.orgId, 'auditor');
    await createUser(h.dataSource, 'admin@other.test', otherOrgId, 'admin');
    [admin, auditor, outsider] = await Promise.all([h.adminEmail, 'auditor@acme.test', 'admin@other.test'].map((e) => signIn(h.app, e)));
  });

  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    connection?.disconnect();
    await h?.close();
  });

  it('lists the org’s dead letters newest first with a payload summary and no payload; other orgs and mixed batches stay hidden', async () => {
    const ours = await deadLetter(USAGE_EVENTS_DEAD_QUEUE, { queue: QueueName.UsageEvents, jobId: randomUUID(), jobName: 'batch', kind: 'exhausted', reason: 'usage batch failed: boom', payload: usageBatch([h.orgId, h.orgId]), failedAt: '2026-11-26T01:00:00.000Z' });
    const cache = await deadLetter(SEMANTIC_CACHE_WRITES_DEAD_QUEUE, {
      queue: QueueName.SemanticCacheWrites,
      jobId: randomUUID(),
      jobName: 'write',
      kind: 'malformed',
      reason: 'response: Required',
      payload: { orgId: h.orgId, requestId: 'req-cache', model: 'gpt-4o-mini', prompt: 'secret prompt text' },
      failedAt: '2026-11-26T02:00:00.000Z',
    });
    await deadLetter(USAGE_EVENTS_DEAD_QUEUE, { queue: QueueName.UsageEvents, jobId: randomUUID(), jobName: 'batch', kind: 'exhausted', reason: 'mixed', payload: usageBatch([h.orgId, otherOrgId]) });
    const theirs = await deadLetter(USAGE_EVENTS_DEAD_QUEUE, { queue: QueueName.UsageEvents, jobId: randomUUID(), jobName: 'batch', kind: 'exhausted', reason: 'theirs', payload: usageBatch([otherOrgId]) });

    const res = await call(admin, 'GET', '/api/v1/dead-letters');
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: Array<{ id: string; payloadSummary: object; kind: string }>; nextCursor: string | null };
    expect(page.items.map((d) => d.id)).toEqual([cache, ours]);
    expect(page.items[1].payloadSummary).toEqual({ events: 2, requestIds: ['req-0', 'req-1'], model: null });
    expect(page.items[0].payloadSummary).toEqual({ events: null, requestIds: ['req-cache'], model: 'gpt-4o-mini' });
    expect(res.body).not.toContain('sk-sluice');
    expect(res.body).not.toContain('secret prompt');

    const filtered = (await call(admin, 'GET', `/api/v1/dead-letters?queue=${USAGE_EVENTS_DEAD_QUEUE}&limit=1`)).json() as { items: Array<{ id: string }>; nextCursor: string | null };
    expect(filtered).toEqual({ items: [expect.objectContaining({ id: ours })], nextCursor: null });
    expect(((await call(admin, 'GET', '/api/v1/dead-letters?kind=malformed')).json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toEqual([cache]);
    expect(((await call(admin, 'GET', '/api/v1/dead-letters?limit=1')).json() as { nextCursor: string | null }).nextCursor).toBe('1');
    expect(((await call(outsider, 'GET', '/api/v1/dead-letters')).json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toEqual([theirs]);
    // Auditors read the same list (dead_letters:read); retrying and discarding stay with dead_letters:manage.
    const asAuditor = await call(auditor, 'GET', '/api/v1/dead-letters');
    expect(asAuditor.statusCode).toBe(200);
    expect((asAuditor.json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toEqual([cache, ours]);
    expect(asAuditor.body).not.toContain('sk-sluice');
    expect((await call(admin, 'GET', '/api/v1/dead-letters?queue=exports')).statusCode).toBe(400);
  });

  it('retry sends the original payload back to its queue as a new job, removes the dead letter and is audited; other orgs get 404', async () => {
    const payload = usageBatch([h.orgId]);
    const id = await deadLetter(USAGE_EVENTS_DEAD_QUEUE, { queue: QueueName.UsageEvents, jobId: randomUUID(), jobName: 'batch', kind: 'exhausted', reason: 'usage batch failed: db down', payload });
    expect((await call(outsider, 'POST', `/api/v1/dead-letters/${id}/retry`, {})).statusCode).toBe(404);
    expect((await call(auditor, 'POST', `/api/v1/dead-letters/${id}/retry`, {})).statusCode).toBe(403);
    expect((await call(admin, 'POST', `/api/v1/dead-letters/${id}/retry`, { force: true })).statusCode).toBe(400);

    const res = await call(admin, 'POST', `/api/v1/dead-letters/${id}/retry`, {});
    expect(res.statusCode).toBe(200);
    const { requeuedAs, queue: target } = res.json() as { requeuedAs: string; queue: string };
    expect(target).toBe(QueueName.UsageEvents);
    const requeued = await queue(QueueName.UsageEvents).getJob(requeuedAs);
    expect(requeued?.data).toEqual(payload);
    expect(requeued?.name).toBe('batch');
    expect((await call(admin, 'POST', `/api/v1/dead-letters/${id}/retry`, {})).statusCode).toBe(404);
    expect(((await call(admin, 'GET', '/api/v1/dead-letters')).json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).not.toContain(id);
    const events = (await h.dataSource.query(`SELECT action, after FROM audit_events WHERE org_id = $1 AND target_id = $2`, [h.orgId, id])) as Array<{ action: string; after: { requeuedAs: string } }>;
    expect(events).toEqual([{ action: 'dead_letter.retried', after: { requeuedAs } }]);
    expect((await call(admin, 'POST', `/api/v1/dead-letters/${USAGE_EVENTS_DEAD_QUEUE}:no-such-job/retry`, {})).statusCode).toBe(404);
    expect((await call(admin, 'POST', `/api/v1/dead-letters/not-a-queue:x/retry`, {})).statusCode).toBe(404);
  });

  it('lists export and alert dead letters too; an alert is retried into the alerts queue, an export is not retryable (409)', async () => {
    const exportId = randomUUID();
    const deadExport = await deadLetter(EXPORTS_DEAD_QUEUE, { queue: QueueName.Exports, jobId: exportId, jobName: 'audit', kind: 'exhausted', reason: 'failed 2 times; last error: disk full', payload: { exportId, orgId: h.orgId, kind: 'audit' } });
    const alert = { id: randomUUID(), orgId: h.orgId, kind: 'budget_threshold', requestId: 'req-alert' };
    const deadAlert = await deadLetter(ALERTS_DEAD_QUEUE, { queue: QueueName.Alerts, jobId: alert.id, jobName: 'budget_threshold', kind: 'exhausted', reason: 'failed 3 times; last error: db down', payload: alert });
    const listed = (await call(admin, 'GET', '/api/v1/dead-letters')).json() as { items: Array<{ id: string; deadLetterQueue: string }> };
    expect(listed.items.map((d) => d.id)).toEqual(expect.arrayContaining([deadExport, deadAlert]));
    expect(((await call(outsider, 'GET', `/api/v1/dead-letters?queue=${ALERTS_DEAD_QUEUE}`)).json() as { items: unknown[] }).items).toEqual([]);

    expect((await call(admin, 'POST', `/api/v1/dead-letters/${deadExport}/retry`, {})).statusCode).toBe(409);
    const res = await call(admin, 'POST', `/api/v1/dead-letters/${deadAlert}/retry`, {});
    expect(res.statusCode).toBe(200);
    const { requeuedAs, queue: target } = res.json() as { requeuedAs: string; queue: string };
    expect(target).toBe(QueueName.Alerts);
    expect((await queue(QueueName.Alerts).getJob(requeuedAs))?.data).toEqual(alert);
  });

  it('discard removes a dead letter for good and audits what it was (no payload); other orgs get 404, auditors 403', async () => {
    const payload = usageBatch([h.orgId]);
    const id = await deadLetter(USAGE_EVENTS_DEAD_QUEUE, { queue: QueueName.UsageEvents, jobId: randomUUID(), jobName: 'batch', kind: 'malformed', reason: 'events.0.model: Required', payload });
    expect((await call(outsider, 'DELETE', `/api/v1/dead-letters/${id}`)).statusCode).toBe(404);
    expect((await call(auditor, 'DELETE', `/api/v1/dead-letters/${id}`)).statusCode).toBe(403);
    expect(((await call(admin, 'GET', '/api/v1/dead-letters')).json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toContain(id);

    const res = await call(admin, 'DELETE', `/api/v1/dead-letters/${id}`);
    expect(res.statusCode).toBe(204);
    expect(((await call(admin, 'GET', '/api/v1/dead-letters')).json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).not.toContain(id);
    expect(await queue(USAGE_EVENTS_DEAD_QUEUE).getJob(id.slice(id.indexOf(':') + 1))).toBeUndefined();
    expect((await call(admin, 'DELETE', `/api/v1/dead-letters/${id}`)).statusCode).toBe(404);
    expect((await call(admin, 'POST', `/api/v1/dead-letters/${id}/retry`, {})).statusCode).toBe(404);

    const events = (await h.dataSource.query(`SELECT action, before, after FROM audit_events WHERE org_id = $1 AND target_id = $2`, [h.orgId, id])) as Array<{ action: string; before: object; after: unknown }>;
    expect(events).toEqual([
      {
        action: 'dead_letter.discarded',
        before: { queue: QueueName.UsageEvents, kind: 'malformed', reason: 'events.0.model: Required', payloadSummary: { events: 1, requestIds: ['req-0'], model: null } },
        after: null,
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('sk-sluice');
  });
});
