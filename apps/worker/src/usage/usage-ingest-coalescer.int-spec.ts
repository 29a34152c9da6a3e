import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { usageEventSchema, type UsageEvent } from '@sluice/contracts';
import { createTestDatabase, type TestDatabase } from '@sluice/testing';
import { UsageIngestCoalescer } from './usage-ingest-coalescer';

let db: TestDatabase;
let pool: Pool;
/** Transactions begun through the pool (observed, not faked: every query still runs on Postgres). */
let transactions = 0;
const orgId = randomUUID();

function event(i: number, overrides: Partial<UsageEvent> = {}): UsageEvent {
  return usageEventSchema.parse({
    eventId: randomUUID(),
    requestId: `req-${i}`,
    occurredAt: new Date(Date.now() - (i % 60) * 1000).toISOString(),
    orgId,
    teamId: null,
    apiKeyId: null,
    userId: null,
    endpoint: 'chat.completions',
    model: i % 2 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
    provider: 'mock',
    deploymentId: 'd1',
    status: 'success',
    httpStatus: 200,
    errorCode: null,
    promptTokens: 10 + (i % 5),
    completionTokens: 5,
    cachedTokens: 0,
    costUsd: 0.0001234567,
    latencyMs: 20 + i,
    ttftMs: null,
    stream: false,
    cacheStatus: 'miss',
    metadata: { i: String(i) },
    ...overrides,
  });
}

const batchOf = (from: number, n: number) => Array.from({ length: n }, (_, k) => event(from + k));

async function totals(): Promise<{ logs: number; minute: number; day: number }> {
  const { rows } = await pool.query<{ logs: string; minute: string | null; day: string | null }>(
    `SELECT (SELECT count(*) FROM request_logs WHERE org_id = $1) AS logs,
            (SELECT sum(request_count) FROM usage_rollups WHERE org_id = $1 AND grain = 'minute') AS minute,
            (SELECT sum(request_count) FROM usage_rollups WHERE org_id = $1 AND grain = 'day') AS day`,
    [orgId],
  );
  return { logs: Number(rows[0].logs), minute: Number(rows[0].minute ?? 0), day: Number(rows[0].day ?? 0) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 4 });
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (args[0] === 'BEGIN') transactions += 1;
      return query(...args);
    };
  });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('UsageIngestCoalescer (real Postgres)', () => {
  it('writes batches that arrive while a transaction is open together, and reports each batch its own inserted count', async () => {
    const coalescer = new UsageIngestCoalescer(pool, { maxEventsPerTransaction: 5000 });
    const before = await totals();
    transactions = 0;
    const batches = Array.from({ length: 12 }, (_, b) => batchOf(b * 100, 100));
    const inserted = await Promise.all(batches.map((batch) => coalescer.ingest(batch)));
    expect(inserted).toEqual(batches.map(() => 100));
    // The first batch goes alone; the eleven that arrived meanwhile share the next transaction.
    expect(transactions).toBe(2);
    const after = await totals();
    expect(after.logs - before.logs).toBe(1200);
    expect(after.minute - before.minute).toBe(1200);
    expect(after.day - before.day).toBe(1200);
  });

  it('stays idempotent: a batch delivered twice in one group, or again later, inserts and counts nothing the second time', async () => {
    const coalescer = new UsageIngestCoalescer(pool, { maxEventsPerTransaction: 5000 });
    const before = await totals();
    const first = batchOf(5000, 50);
    const second = batchOf(6000, 50);
    const results = await Promise.all([coalescer.ingest(batchOf(7000, 10)), coalescer.ingest(first), coalescer.ingest(first), coalescer.ingest(second)]);
    expect(results).toEqual([10, 50, 0, 50]);
    expect(await coalescer.ingest(second)).toBe(0);
    const after = await totals();
    expect(after.logs - before.logs).toBe(110);
    expect(after.minute - before.minute).toBe(110);
    expect(after.day - before.day).toBe(110);
  });

  it('respects the per-transaction bound', async () => {
    const coalescer = new UsageIngestCoalescer(pool, { maxEventsPerTransaction: 250 });
    transactions = 0;
    const inserted = await Promise.all(Array.from({ length: 7 }, (_, b) => coalescer.ingest(batchOf(10_000 + b * 100, 100))));
    expect(inserted).toEqual(Array.from({ length: 7 }, () => 100));
    // 1 alone, then groups of at most two 100-event batches: 1 + 3.
    expect(transactions).toBe(4);
  });

  it('fails only the bad batch of a group: the others are written, each alone, and counted once', async () => {
    const coalescer = new UsageIngestCoalescer(pool, { maxEventsPerTransaction: 5000 });
    const before = await totals();
    const good = [batchOf(20_000, 40), batchOf(21_000, 40)];
    // Valid for the schema, out of range for the integer column: Postgres refuses it.
    const poison = [event(22_000, { promptTokens: 3_000_000_000 })];
    const results = await Promise.allSettled([coalescer.ingest(batchOf(23_000, 5)), coalescer.ingest(good[0]), coalescer.ingest(poison), coalescer.ingest(good[1])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toMatch(/out of range/);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([5, 40, 40]);
    const after = await totals();
    expect(after.logs - before.logs).toBe(85);
    expect(after.minute - before.minute).toBe(85);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM request_logs WHERE event_id = $1', [poison[0].eventId]);
    expect(rows[0].n).toBe(0);
  });
});
