import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, verifyAuditChain } from '@sluice/audit';
import type { UsageEvent } from '@sluice/contracts';
import { createDataSource, ensureRequestLogPartitions, requestLogPartitionFor } from '@sluice/db';
import { createTestDatabase, type TestDatabase } from '@sluice/testing';
import { RollupAccumulator } from '../rollups/usage-rollups';
import { insertRequestLogs } from '../usage/request-log-writer';
import { applyRequestLogRetention, REQUEST_LOG_RETENTION_LOCK_KEY } from './request-log-retention';

jest.setTimeout(120_000);

const DAY = 86_400_000;

describe('request-log retention (real Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pool: Pool;
  let orgA: string;
  let orgB: string;
  let keyA: string;
  const now = new Date();
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

  function event(orgId: string, occurredAt: Date, apiKeyId: string | null = null): UsageEvent {
    return {
      eventId: randomUUID(), requestId: `req-${randomUUID()}`, occurredAt: occurredAt.toISOString(), orgId, teamId: null, apiKeyId, userId: null,
      endpoint: 'chat.completions', model: 'gpt-4o-mini', provider: 'mock', deploymentId: null, status: 'success', httpStatus: 200, errorCode: null,
      promptTokens: 10, completionTokens: 5, cachedTokens: 0, costUsd: 0.001, latencyMs: 50, ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
      bodies: { prompt: { text: 'secret prompt', truncated: false }, response: { text: 'secret answer', truncated: false } },
    };
  }

  async function ingest(events: UsageEvent[]): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const rollups = new RollupAccumulator();
      for (const row of await insertRequestLogs(client, events)) rollups.add(row);
      await rollups.upsert(client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  async function attachLogging(orgId: string, scope: 'org' | 'key', scopeId: string, retentionDays: number): Promise<void> {
    const [policy] = (await dataSource.query(`INSERT INTO policies (org_id, kind, name, spec) VALUES ($1, 'logging', $2, $3) RETURNING id`, [
      orgId,
      `logging-${scope}-${retentionDays}`,
      JSON.stringify({ storePrompts: true, storeResponses: true, retentionDays }),
    ])) as Array<{ id: string }>;
    await dataSource.query(`INSERT INTO policy_attachments (org_id, policy_id, kind, scope_type, scope_id) VALUES ($1, $2, 'logging', $3, $4)`, [orgId, policy.id, scope, scopeId]);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ url: db.url, poolSize: 2 }).initialize();
    pool = new Pool({ connectionString: db.url, max: 3 });
    [{ id: orgA }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('A', 'org-a') RETURNING id`)) as Array<{ id: string }>;
    [{ id: orgB }] = (await dataSource.query(`INSERT INTO organizations (name, slug) VALUES ('B', 'org-b') RETURNING id`)) as Array<{ id: string }>;
    [{ id: keyA }] = (await dataSource.query(`INSERT INTO api_keys (org_id, name, display_prefix, hash) VALUES ($1, 'k', 'sk-sluice-k', $2) RETURNING id`, [
      orgA,
      'a'.repeat(64),
    ])) as Array<{ id: string }>;
    // Org A keeps 7 days, except its key keyA (40 days); org B has no logging policy (the default, 30 days).
    await attachLogging(orgA, 'org', orgA, 7);
    await attachLogging(orgA, 'key', keyA, 40);
    for (const day of [50, 35, 10, 2]) await ensureRequestLogPartitions(dataSource, daysAgo(day), 1);
  });

  afterAll(async () => {
    await pool?.end();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('drops only partitions expired for every org, deletes rows past their own retention elsewhere, and never touches the audit trail or rollups', async () => {
    const rows = {
      d50a: event(orgA, daysAgo(50)), d50b: event(orgB, daysAgo(50)), d50k: event(orgA, daysAgo(50), keyA),
      d38k: event(orgA, daysAgo(38), keyA), d38b: event(orgB, daysAgo(38)), // no partition for that day: the DEFAULT partition
      d35a: event(orgA, daysAgo(35)), d35k: event(orgA, daysAgo(35), keyA), d35b: event(orgB, daysAgo(35)),
      d10a: event(orgA, daysAgo(10)), d10b: event(orgB, daysAgo(10)), d10k: event(orgA, daysAgo(10), keyA),
      d2a: event(orgA, daysAgo(2)), d2b: event(orgB, daysAgo(2)),
    };
    await ingest(Object.values(rows));
    for (const orgId of [orgA, orgB]) {
      await dataSource.transaction(async (m) => {
        for (let i = 0; i < 3; i++) {
          await appendAuditEvent(m, { orgId, actor: { type: 'system', id: 'test', authMethod: 'system' }, action: 'policy.updated', target: { type: 'policy', id: `p${i}` }, result: 'success' });
        }
      });
    }
    const auditBefore = (await dataSource.query('SELECT id, hash FROM audit_events ORDER BY org_id, seq')) as unknown[];
    const rollupsBefore = (await dataSource.query(`SELECT grain, bucket_start, org_id, api_key_id, request_count FROM usage_rollups ORDER BY 1, 2, 3, 4`)) as unknown[];

    const result = await applyRequestLogRetention(pool, now, { batchSize: 2 });
    expect(result.ran).toBe(true);
    // Longest retention: org A's key keeps 40 days → only the 50-day-old partition is expired for everyone.
    expect(result.droppedPartitions).toEqual([requestLogPartitionFor(daysAgo(50)).name]);
    const [{ oid }] = (await dataSource.query('SELECT to_regclass($1) AS oid', [requestLogPartitionFor(daysAgo(50)).name])) as Array<{ oid: string | null }>;
    expect(oid).toBeNull();

    const kept = (await dataSource.query('SELECT event_id FROM request_logs')) as Array<{ event_id: string }>;
    const keptNames = Object.entries(rows)
      .filter(([, e]) => kept.some((k) => k.event_id === e.eventId))
      .map(([name]) => name)
      .sort();
    // 38 days: key 40 → kept, org B 30 → deleted. 35: org A 7 → deleted, key 40 → kept, org B 30 → deleted. 10: org A deleted, others kept.
    expect(keptNames).toEqual(['d10b', 'd10k', 'd2a', 'd2b', 'd35k', 'd38k'].sort());
    expect(result.deletedRows).toBe(4);

    // The audit trail and the rollups are untouched; the chain still verifies.
    expect(await dataSource.query('SELECT id, hash FROM audit_events ORDER BY org_id, seq')).toEqual(auditBefore);
    for (const orgId of [orgA, orgB]) expect((await verifyAuditChain(dataSource, orgId)).ok).toBe(true);
    expect(await dataSource.query(`SELECT grain, bucket_start, org_id, api_key_id, request_count FROM usage_rollups ORDER BY 1, 2, 3, 4`)).toEqual(rollupsBefore);

    // A second pass has nothing left to do.
    expect(await applyRequestLogRetention(pool, now, { batchSize: 2 })).toEqual({ ran: true, droppedPartitions: [], deletedRows: 0 });
  });

  it('does nothing while another worker holds the (transaction-scoped) retention lock', async () => {
    await ingest([event(orgB, daysAgo(33))]);
    const other = await pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [REQUEST_LOG_RETENTION_LOCK_KEY]);
      expect(await applyRequestLogRetention(pool, now, { batchSize: 100 })).toEqual({ ran: false, droppedPartitions: [], deletedRows: 0 });
      await other.query('COMMIT');
    } finally {
      other.release();
    }
    expect(await applyRequestLogRetention(pool, now, { batchSize: 100 })).toEqual({ ran: true, droppedPartitions: [], deletedRows: 1 });
  });
});
