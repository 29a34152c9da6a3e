import { randomUUID } from 'node:crypto';
import { createMigratedScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';
import { ensureRequestLogPartitions } from './request-log-partitions';

jest.setTimeout(60_000);

interface LogRow {
  eventId: string;
  occurredAt: string;
  orgId: string;
}

// The same insert the worker uses: redelivered events collide on (occurred_at, event_id).
async function insertLogs(db: ScratchDatabase, rows: LogRow[]): Promise<number> {
  let inserted = 0;
  for (const row of rows) {
    const result = (await db.dataSource.query(
      `INSERT INTO request_logs (event_id, request_id, occurred_at, org_id, endpoint, model, status, http_status,
         prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, stream, cache_status, metadata)
       VALUES ($1, $4, $2, $3, 'chat.completions', 'gpt-4o-mini', 'success', 200, 10, 20, 0, 0.0000135, 12.5, false, 'miss', '{}')
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [row.eventId, row.occurredAt, row.orgId, `req-${row.eventId}`],
    )) as unknown[];
    inserted += result.length;
  }
  return inserted;
}

async function partitionOf(db: ScratchDatabase, eventId: string): Promise<string> {
  const [row] = (await db.dataSource.query('SELECT tableoid::regclass::text AS partition FROM request_logs WHERE event_id = $1', [eventId])) as Array<{ partition: string }>;
  return row.partition;
}

describe('request_logs partitions', () => {
  let db: ScratchDatabase;
  const orgId = randomUUID();

  beforeAll(async () => {
    db = await createMigratedScratchDatabase();
  });

  afterAll(() => db.drop());

  it('creates daily partitions idempotently, also when called concurrently', async () => {
    const from = new Date('2030-01-30T15:00:00Z');
    const [a, b] = await Promise.all([ensureRequestLogPartitions(db.dataSource, from, 3), ensureRequestLogPartitions(db.dataSource, from, 3)]);
    expect([...a, ...b].sort()).toEqual(['request_logs_p20300130', 'request_logs_p20300131', 'request_logs_p20300201']);
    expect(await ensureRequestLogPartitions(db.dataSource, from, 3)).toEqual([]);
  });

  it('routes rows to their day, skips redelivered events, and keeps days without a partition in the default one', async () => {
    const onTheDay = { eventId: randomUUID(), occurredAt: '2030-01-31T23:59:59.999Z', orgId };
    const noPartitionYet = { eventId: randomUUID(), occurredAt: '2030-03-01T08:00:00Z', orgId };

    expect(await insertLogs(db, [onTheDay, noPartitionYet])).toBe(2);
    expect(await insertLogs(db, [onTheDay, noPartitionYet])).toBe(0);

    expect(await partitionOf(db, onTheDay.eventId)).toBe('request_logs_p20300131');
    expect(await partitionOf(db, noPartitionYet.eventId)).toBe('request_logs_default');
  });

  it('moves stranded rows out of the default partition when their day gets a partition', async () => {
    const stranded = { eventId: randomUUID(), occurredAt: '2030-04-10T12:00:00Z', orgId };
    expect(await insertLogs(db, [stranded])).toBe(1);
    expect(await partitionOf(db, stranded.eventId)).toBe('request_logs_default');

    expect(await ensureRequestLogPartitions(db.dataSource, new Date('2030-04-10T00:00:00Z'), 1)).toEqual(['request_logs_p20300410']);
    expect(await partitionOf(db, stranded.eventId)).toBe('request_logs_p20300410');
    // The moved row still deduplicates: the attached partition inherited the primary key.
    expect(await insertLogs(db, [stranded])).toBe(0);
    const [{ count }] = (await db.dataSource.query('SELECT count(*)::int AS count FROM request_logs')) as Array<{ count: number }>;
    expect(count).toBe(3);
  });
});
