import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { usageEventSchema, type UsageEvent } from '@sluice/contracts';
import { createTestDatabase, type TestDatabase } from '@sluice/testing';
import { costDecimal } from './cost-decimal';
import { ingestBatches } from './ingest-batches';
import { UsageIngestCoalescer } from './usage-ingest-coalescer';

let db: TestDatabase;
let pool: Pool;
/** Statements sent through the pool, by kind (observed, not faked: every one still runs on Postgres). */
const sent = { copy: 0, insert: 0 };

function event(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return usageEventSchema.parse({
    eventId: randomUUID(), requestId: `req-${randomUUID()}`, occurredAt: new Date().toISOString(), orgId: randomUUID(), teamId: null,
    apiKeyId: null, userId: null, endpoint: 'chat.completions', model: 'gpt-4o', provider: 'mock', deploymentId: 'd1', status: 'success',
    httpStatus: 200, errorCode: null, promptTokens: 10, completionTokens: 5, cachedTokens: 0, costUsd: 0.0001234567, latencyMs: 20,
    ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
    ...overrides,
  });
}

/** request_logs rows and the day rollups' requests and cost of one org. */
async function stored(orgId: string): Promise<{ logs: number; requests: number; cost: string; minuteRequests: number }> {
  const { rows } = await pool.query<{ logs: string; requests: string | null; cost: string | null; minute: string | null }>(
    `SELECT (SELECT count(*) FROM request_logs WHERE org_id = $1) AS logs,
            (SELECT sum(request_count) FROM usage_rollups WHERE org_id = $1 AND grain = 'day') AS requests,
            (SELECT sum(cost_usd)::text FROM usage_rollups WHERE org_id = $1 AND grain = 'day') AS cost,
            (SELECT sum(request_count) FROM usage_rollups WHERE org_id = $1 AND grain = 'minute') AS minute`,
    [orgId],
  );
  return { logs: Number(rows[0].logs), requests: Number(rows[0].requests ?? 0), cost: rows[0].cost ?? '0', minuteRequests: Number(rows[0].minute ?? 0) };
}

/** What the rollups must hold for the org: computed by Postgres from the stored rows. */
async function fromLogs(orgId: string): Promise<{ requests: number; cost: string }> {
  const { rows } = await pool.query<{ n: string; cost: string | null }>('SELECT count(*) AS n, sum(cost_usd)::text AS cost FROM request_logs WHERE org_id = $1', [orgId]);
  return { requests: Number(rows[0].n), cost: rows[0].cost ?? '0' };
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 4 });
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
      if (text.startsWith('COPY request_logs')) sent.copy += 1;
      if (text.startsWith('INSERT INTO request_logs')) sent.insert += 1;
      return query(...args);
    };
  });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

beforeEach(() => {
  sent.copy = 0;
  sent.insert = 0;
});

describe('ingestBatches: COPY, and INSERT … ON CONFLICT when an event is already stored (real Postgres)', () => {
  it('copies new events and counts an event repeated inside the group once, for the first batch it is in', async () => {
    const orgId = randomUUID();
    const a = [event({ orgId }), event({ orgId })];
    const b = [a[1], event({ orgId })];
    expect(await ingestBatches(pool, [a, b, [a[0]]])).toEqual([2, 1, 0]);
    expect(sent).toEqual({ copy: 1, insert: 0 });
    expect(await stored(orgId)).toEqual({ logs: 3, requests: 3, minuteRequests: 3, cost: (await fromLogs(orgId)).cost });
  });

  it('falls back to the INSERT path when a group holds an event stored by an earlier group, and counts only the new ones', async () => {
    const orgId = randomUUID();
    const first = [event({ orgId }), event({ orgId })];
    expect(await ingestBatches(pool, [first])).toEqual([2]);
    const fresh = [event({ orgId }), event({ orgId }), event({ orgId })];
    sent.copy = 0;
    // The redelivered batch and a new one in the same group: the COPY hits the stored rows and rolls back.
    expect(await ingestBatches(pool, [fresh, first])).toEqual([3, 0]);
    expect(sent).toEqual({ copy: 1, insert: 1 });
    expect(await stored(orgId)).toEqual({ logs: 5, requests: 5, minuteRequests: 5, cost: (await fromLogs(orgId)).cost });
    // Nothing new at all: the INSERT path again, nothing added.
    expect(await ingestBatches(pool, [first, fresh])).toEqual([0, 0]);
    expect((await stored(orgId)).requests).toBe(5);
  });

  it('with the insert method never sends a COPY, counts a repeated event once, and adds nothing for a redelivery', async () => {
    const orgId = randomUUID();
    const a = [event({ orgId }), event({ orgId })];
    const b = [a[1], event({ orgId })];
    expect(await ingestBatches(pool, [a, b], 'insert')).toEqual([2, 1]);
    expect(await ingestBatches(pool, [b, [event({ orgId })]], 'insert')).toEqual([0, 1]);
    expect(sent).toEqual({ copy: 0, insert: 2 });
    expect(await stored(orgId)).toEqual({ logs: 4, requests: 4, minuteRequests: 4, cost: (await fromLogs(orgId)).cost });
  });

  it('stores text with tabs, newlines, backslashes and non-ASCII exactly, and JSON metadata and bodies', async () => {
    const orgId = randomUUID();
    const awkward = 'a\tb\nc\rd\\e \\N \\. "quoted" ünïcödé 😀';
    const bodies = { prompt: { text: `line1\nline2\t${awkward}`, truncated: false } };
    const e = event({ orgId, requestId: awkward, errorCode: 'x\\y', model: `m ${awkward}`, metadata: { [awkward]: awkward }, bodies, ttftMs: 1.5e-7, latencyMs: 123.456 });
    expect(await ingestBatches(pool, [[e]])).toEqual([1]);
    expect(sent.copy).toBe(1);
    const { rows } = await pool.query('SELECT request_id, error_code, model, metadata, bodies, ttft_ms, latency_ms FROM request_logs WHERE event_id = $1', [e.eventId]);
    expect(rows[0]).toEqual({ request_id: awkward, error_code: 'x\\y', model: `m ${awkward}`, metadata: { [awkward]: awkward }, bodies, ttft_ms: 1.5e-7, latency_ms: 123.456 });
    const { rows: rollup } = await pool.query(`SELECT model FROM usage_rollups WHERE org_id = $1 AND grain = 'day'`, [orgId]);
    expect(rollup).toEqual([{ model: `m ${awkward}` }]);
  });

  it('writes the cost Postgres itself would store for the number, so both paths and the rollups agree to the last digit', async () => {
    const costs = [0, 0.00012, 0.00000000005, 0.000000000049, 1.23456789015, 1e-7, 3.3333333333333335, 0.1 + 0.2, 12345678.123456789, 5e-324];
    const { rows } = await pool.query<{ cost: string }>('SELECT c::text::numeric(18, 10)::text AS cost FROM unnest($1::text[]) WITH ORDINALITY AS t(c, i) ORDER BY i', [costs.map(String)]);
    expect(costs.map(costDecimal)).toEqual(rows.map((r) => r.cost));
    const orgId = randomUUID();
    const events = costs.map((costUsd) => event({ orgId, costUsd }));
    await ingestBatches(pool, [events]);
    const expected = await fromLogs(orgId);
    expect(expected.requests).toBe(costs.length);
    expect((await stored(orgId)).cost).toBe(expected.cost);
  });

  it('sends a group with a timestamp Postgres would round (sub-microsecond digits) down the INSERT path, whose rollups follow the stored row', async () => {
    const orgId = randomUUID();
    const day = new Date().toISOString().slice(0, 10);
    const rounded = event({ orgId, occurredAt: `${day}T10:59:59.9999999Z` });
    const plain = event({ orgId, occurredAt: `${day}T10:00:00.000001+00:00` });
    expect(await ingestBatches(pool, [[plain], [rounded]])).toEqual([1, 1]);
    expect(sent).toEqual({ copy: 0, insert: 1 });
    const { rows } = await pool.query<{ bucket: Date }>(`SELECT bucket_start AS bucket FROM usage_rollups WHERE org_id = $1 AND grain = 'hour' ORDER BY 1`, [orgId]);
    // 10:59:59.9999999 is stored as 11:00:00: its hour is 11, not 10.
    expect(rows.map((r) => r.bucket.toISOString())).toEqual([`${day}T10:00:00.000Z`, `${day}T11:00:00.000Z`]);
  });

  it('keys rollups on the ids as stored: upper- and lower-case spellings of one org are one rollup row', async () => {
    const orgId = randomUUID();
    const at = new Date().toISOString();
    const events = [event({ orgId, occurredAt: at }), event({ orgId: orgId.toUpperCase(), eventId: randomUUID().toUpperCase(), occurredAt: at })];
    expect(await ingestBatches(pool, [events])).toEqual([2]);
    expect(sent.copy).toBe(1);
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM usage_rollups WHERE org_id = $1 AND grain = 'minute'`, [orgId]);
    expect(Number(rows[0].n)).toBe(1);
    expect(await stored(orgId)).toMatchObject({ logs: 2, requests: 2 });
    // The same upper-case event again is recognised as stored.
    expect(await ingestBatches(pool, [[events[1]]])).toEqual([0]);
  });

  it('fails a group on a row Postgres refuses (not a duplicate) without writing any of it', async () => {
    const orgId = randomUUID();
    await expect(ingestBatches(pool, [[event({ orgId })], [event({ orgId, promptTokens: 3_000_000_000 })]])).rejects.toThrow(/out of range/);
    expect(sent.insert).toBe(0);
    expect(await stored(orgId)).toEqual({ logs: 0, requests: 0, minuteRequests: 0, cost: '0' });
  });
});

describe('UsageIngestCoalescer with two writers (real Postgres)', () => {
  it('writes two groups at once, and a batch in both of them is counted once', async () => {
    const orgId = randomUUID();
    const coalescer = new UsageIngestCoalescer(pool, { maxEventsPerTransaction: 300, writers: 2 });
    const batches = Array.from({ length: 10 }, () => Array.from({ length: 100 }, () => event({ orgId })));
    // batches[0] again right after it: it lands in the other writer's group, written at the same time.
    const results = await Promise.all([batches[0], batches[0], ...batches.slice(1)].map((b) => coalescer.ingest(b)));
    expect(results.reduce((sum, n) => sum + n, 0)).toBe(1000);
    expect(results.slice(0, 2).sort()).toEqual([0, 100]);
    expect(await stored(orgId)).toEqual({ logs: 1000, requests: 1000, minuteRequests: 1000, cost: (await fromLogs(orgId)).cost });
  });

  it('passes its ingest method on to every group', async () => {
    const orgId = randomUUID();
    const coalescer = new UsageIngestCoalescer(pool, { maxEventsPerTransaction: 300, writers: 2, method: 'insert' });
    const results = await Promise.all(Array.from({ length: 4 }, () => coalescer.ingest(Array.from({ length: 100 }, () => event({ orgId })))));
    expect(results).toEqual([100, 100, 100, 100]);
    expect(sent.copy).toBe(0);
    expect(sent.insert).toBeGreaterThanOrEqual(2);
    expect((await stored(orgId)).requests).toBe(400);
  });
});
