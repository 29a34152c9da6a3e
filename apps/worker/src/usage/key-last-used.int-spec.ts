import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { usageEventSchema, type UsageEvent } from '@sluice/contracts';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, type TestDatabase } from '@sluice/testing';
import { KeyLastUsedRecorder } from './key-last-used';

let db: TestDatabase;
let pool: Pool;
let orgId: string;
let teamId: string;
const logLines: string[] = [];
const logger = createLogger('key-last-used-test', 'debug', {}, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));

function use(apiKeyId: string | null, occurredAt: string): UsageEvent {
  return usageEventSchema.parse({
    eventId: randomUUID(), requestId: `req-${randomUUID()}`, occurredAt, orgId, teamId, apiKeyId, userId: null, endpoint: 'chat.completions',
    model: 'gpt-4o', provider: 'mock', deploymentId: 'd1', status: 'success', httpStatus: 200, errorCode: null, promptTokens: 10,
    completionTokens: 5, cachedTokens: 0, costUsd: 0.0001, latencyMs: 20, ttftMs: null, stream: false, cacheStatus: 'miss', metadata: {},
  });
}

async function newKey(): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO api_keys (org_id, team_id, name, display_prefix, hash) VALUES ($1, $2, 'k', 'sk-sluice-xxxx', $3) RETURNING id`,
    [orgId, teamId, randomBytes(32).toString('hex')],
  );
  return rows[0].id;
}

async function lastUsed(id: string): Promise<string | null> {
  const { rows } = await pool.query<{ at: Date | null }>('SELECT last_used_at AS at FROM api_keys WHERE id = $1', [id]);
  return rows[0].at?.toISOString() ?? null;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 2 });
  orgId = (await pool.query<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ('Acme', 'acme') RETURNING id`)).rows[0].id;
  teamId = (await pool.query<{ id: string }>(`INSERT INTO teams (org_id, name) VALUES ($1, 'platform') RETURNING id`, [orgId])).rows[0].id;
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('KeyLastUsedRecorder', () => {
  it('writes the latest use of each key in one go, and only when it is written', async () => {
    const [a, b, unused] = [await newKey(), await newKey(), await newKey()];
    const recorder = new KeyLastUsedRecorder(pool, logger, 60_000);
    recorder.note([use(a, '2026-11-27T10:00:00.000Z'), use(b, '2026-11-27T10:05:00.000Z'), use(null, '2026-11-27T11:00:00.000Z')]);
    recorder.note([use(a, '2026-11-27T10:30:00.000Z'), use(a, '2026-11-27T10:10:00.000Z')]);
    expect(await lastUsed(a)).toBeNull();

    await recorder.flush();
    expect(await lastUsed(a)).toBe('2026-11-27T10:30:00.000Z');
    expect(await lastUsed(b)).toBe('2026-11-27T10:05:00.000Z');
    expect(await lastUsed(unused)).toBeNull();
  });

  it('never moves a key’s last use back (an older batch redelivered, another worker ahead)', async () => {
    const key = await newKey();
    const ahead = new KeyLastUsedRecorder(pool, logger, 60_000);
    const behind = new KeyLastUsedRecorder(pool, logger, 60_000);
    ahead.note([use(key, '2026-11-27T12:00:00.000Z')]);
    behind.note([use(key, '2026-11-27T09:00:00.000Z')]);
    await ahead.flush();
    await behind.flush();
    expect(await lastUsed(key)).toBe('2026-11-27T12:00:00.000Z');
  });

  it('writes on its own after the interval', async () => {
    const key = await newKey();
    const recorder = new KeyLastUsedRecorder(pool, logger, 50);
    recorder.note([use(key, '2026-11-27T13:00:00.000Z')]);
    const deadline = Date.now() + 5_000;
    while ((await lastUsed(key)) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await lastUsed(key)).toBe('2026-11-27T13:00:00.000Z');
  });

  it('keeps what a failed write held and writes it with the next one', async () => {
    const key = await newKey();
    const recorder = new KeyLastUsedRecorder(pool, logger, 60_000);
    recorder.note([use(key, '2026-11-27T14:00:00.000Z')]);
    // A real failure in Postgres: the table is not there for a moment.
    await pool.query('ALTER TABLE api_keys RENAME TO api_keys_away');
    try {
      await recorder.flush();
    } finally {
      await pool.query('ALTER TABLE api_keys_away RENAME TO api_keys');
    }
    expect(logLines.some((line) => line.includes('could not record when keys were last used') && line.includes('api_keys'))).toBe(true);
    expect(await lastUsed(key)).toBeNull();

    recorder.note([use(key, '2026-11-27T13:30:00.000Z')]);
    await recorder.flush();
    expect(await lastUsed(key)).toBe('2026-11-27T14:00:00.000Z');
  });
});
