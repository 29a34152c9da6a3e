import { randomUUID } from 'node:crypto';
import { createMigratedScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';
import { UsageTeamRollups1764100001550 } from './1764100001550-usage-team-rollups';

jest.setTimeout(60_000);

describe('migration 1764100001550: usage_team_rollups backfilled from usage_rollups', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createMigratedScratchDatabase();
  });

  afterAll(() => db.drop());

  it('sums the existing usage_rollups rows per grain × bucket × org × team × model × provider (key and user dropped)', async () => {
    const org = randomUUID();
    const team = randomUUID();
    const hour = new Date('2026-11-20T10:00:00Z');
    const histogram = (i: number) => Array.from({ length: 62 }, (_, b) => (b === i ? 2_000_000_000 : b));
    // Two keys (one with a user) of the team, one row without team or provider; counts near the int4 limit.
    const rows = [
      [team, randomUUID(), randomUUID(), 'gpt-4o', 'openai', 3, '0.1000000001', histogram(5)],
      [team, randomUUID(), null, 'gpt-4o', 'openai', 4, '0.2000000002', histogram(5)],
      [team, randomUUID(), null, 'gpt-4o-mini', 'openai', 5, '0.0000000003', histogram(7)],
      [null, randomUUID(), null, 'gpt-4o', null, 6, '1.0000000000', histogram(9)],
      [null, randomUUID(), randomUUID(), 'gpt-4o', null, 7, '2.0000000000', histogram(9)],
    ] as const;
    for (const [teamId, keyId, userId, model, provider, requests, cost, buckets] of rows) {
      await db.dataSource.query(
        `INSERT INTO usage_rollups (grain, bucket_start, org_id, team_id, api_key_id, user_id, model, provider, request_count, error_count, cost_usd, latency_ms_sum, latency_buckets)
         VALUES ('hour', $1, $2, $3, $4, $5, $6, $7, $8, 1, $9, 10.5, $10)`,
        [hour, org, teamId, keyId, userId, model, provider, requests, cost, buckets],
      );
    }
    const migration = new UsageTeamRollups1764100001550();
    const runner = db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const coarse = (await db.dataSource.query(
      `SELECT team_id, model, provider, request_count, error_count, cost_usd::text AS cost, latency_ms_sum, latency_buckets
       FROM usage_team_rollups WHERE org_id = $1 AND grain = 'hour' AND bucket_start = $2 ORDER BY team_id NULLS LAST, model`,
      [org, hour],
    )) as Array<Record<string, unknown>>;
    const sumOf = (a: number[], b: number[]) => a.map((x, i) => String(x + b[i]));
    expect(coarse).toEqual([
      { team_id: team, model: 'gpt-4o', provider: 'openai', request_count: '7', error_count: '2', cost: '0.3000000003', latency_ms_sum: 21, latency_buckets: sumOf(histogram(5), histogram(5)) },
      { team_id: team, model: 'gpt-4o-mini', provider: 'openai', request_count: '5', error_count: '1', cost: '0.0000000003', latency_ms_sum: 10.5, latency_buckets: histogram(7).map(String) },
      { team_id: null, model: 'gpt-4o', provider: null, request_count: '13', error_count: '2', cost: '3.0000000000', latency_ms_sum: 21, latency_buckets: sumOf(histogram(9), histogram(9)) },
    ]);
  });
});
