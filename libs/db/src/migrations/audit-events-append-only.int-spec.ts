import { createHash, randomUUID } from 'node:crypto';
import { createMigratedScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';

jest.setTimeout(60_000);

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

describe('audit_events is append-only in the database', () => {
  let db: ScratchDatabase;
  let orgId: string;

  beforeAll(async () => {
    db = await createMigratedScratchDatabase();
    [{ id: orgId }] = (await db.dataSource.query("INSERT INTO organizations (name, slug) VALUES ('Audit', 'audit') RETURNING id")) as Array<{ id: string }>;
    await db.dataSource.query(
      `INSERT INTO audit_events (org_id, seq, actor_type, actor_id, action, target_type, target_id, after, result, prev_hash, hash)
       VALUES ($1, 1, 'user', $2, 'api_key.create', 'api_key', $3, '{"name":"k"}', 'success', NULL, $4),
              ($1, 2, 'user', $2, 'api_key.revoke', 'api_key', $3, '{"revoked":true}', 'success', $4, $5)`,
      [orgId, randomUUID(), randomUUID(), hex('1'), hex('2')],
    );
  });

  afterAll(() => db.drop());

  it('accepts inserts', async () => {
    const [{ count }] = (await db.dataSource.query('SELECT count(*)::int AS count FROM audit_events')) as Array<{ count: number }>;
    expect(count).toBe(2);
  });

  it.each([
    ['UPDATE', "UPDATE audit_events SET action = 'tampered' WHERE seq = 1"],
    ['DELETE', 'DELETE FROM audit_events WHERE seq = 2'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('rejects %s', async (op, sql) => {
    await expect(db.dataSource.query(sql)).rejects.toThrow(`audit_events is append-only: ${op} is not allowed`);
    const [{ count }] = (await db.dataSource.query('SELECT count(*)::int AS count FROM audit_events')) as Array<{ count: number }>;
    expect(count).toBe(2);
  });

  it('rejects a duplicate sequence number and a chain start with a previous hash', async () => {
    await expect(
      db.dataSource.query(`INSERT INTO audit_events (org_id, seq, actor_type, action, result, prev_hash, hash) VALUES ($1, 2, 'system', 'x', 'success', $2, $3)`, [orgId, hex('2'), hex('3')]),
    ).rejects.toThrow(/audit_events_org_seq_key/);
    await expect(
      db.dataSource.query(`INSERT INTO audit_events (org_id, seq, actor_type, action, result, prev_hash, hash) VALUES ($1, 1, 'system', 'x', 'success', $2, $3)`, [orgId, hex('0'), hex('3')]),
    ).rejects.toThrow(/audit_events_first_has_no_prev|audit_events_org_seq_key/);
  });
});
