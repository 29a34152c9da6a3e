import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { computeRecordHash, type AuditRecord } from '../record/audit-record';
import { createAuditFixture, type AuditFixture } from '../test-support/audit-fixture';
import { verifyAuditChain } from './verify-audit-chain';

jest.setTimeout(120_000);

describe('verifyAuditChain against tampering by a database superuser', () => {
  let fx: AuditFixture;
  beforeAll(async () => {
    fx = await createAuditFixture();
  });
  afterAll(() => fx.close());

  /** A fresh org with a valid chain of `n` events. */
  async function chain(n = 10): Promise<string> {
    const orgId = await fx.createOrg();
    await fx.appendEvents(orgId, n);
    expect(await verifyAuditChain(fx.dataSource, orgId, { batchSize: 3 })).toMatchObject({ ok: true, count: n, lastSeq: n });
    return orgId;
  }

  async function row(orgId: string, seq: number): Promise<AuditRecord> {
    const [r] = (await fx.dataSource.query(
      `SELECT id, org_id, seq::int AS seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at, actor_type, actor_id,
              actor_auth_method, action, target_type, target_id, before, after, ip, user_agent, result, request_id, prev_hash, hash
         FROM audit_events WHERE org_id = $1 AND seq = $2`,
      [orgId, seq],
    )) as AuditRecord[];
    return r;
  }

  async function insert(r: AuditRecord): Promise<void> {
    await fx.tamper(
      `INSERT INTO audit_events (id, org_id, seq, occurred_at, actor_type, actor_id, actor_auth_method, action, target_type, target_id, before, after, ip, user_agent, result, request_id, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
      [r.id, r.org_id, r.seq, r.occurred_at, r.actor_type, r.actor_id, r.actor_auth_method, r.action, r.target_type, r.target_id,
        JSON.stringify(r.before), JSON.stringify(r.after), r.ip, r.user_agent, r.result, r.request_id, r.prev_hash, r.hash],
    );
  }

  it('rejects UPDATE, DELETE and TRUNCATE while the triggers are on, even for the superuser', async () => {
    const orgId = await chain(2);
    const su = new Client({ connectionString: fx.db.url });
    await su.connect();
    try {
      for (const sql of [`UPDATE audit_events SET action = 'x' WHERE org_id = '${orgId}'`, `DELETE FROM audit_events WHERE org_id = '${orgId}'`, 'TRUNCATE audit_events']) {
        await expect(su.query(sql)).rejects.toThrow(/append-only/);
      }
    } finally {
      await su.end();
    }
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: true, count: 2 });
  });

  it('detects an edited field', async () => {
    const orgId = await chain();
    await fx.tamper(`UPDATE audit_events SET result = 'success', actor_id = 'someone-else' WHERE org_id = $1 AND seq = 5`, [orgId]);
    expect(await verifyAuditChain(fx.dataSource, orgId, { batchSize: 3 })).toMatchObject({ ok: false, count: 4, firstBrokenSeq: 5, reason: 'hash_mismatch', lastGoodSeq: 4 });
  });

  it('detects an edited before/after document and a sub-millisecond time shift', async () => {
    const orgA = await chain();
    await fx.tamper(`UPDATE audit_events SET after = jsonb_set(after, '{nested,ok}', 'false') WHERE org_id = $1 AND seq = 3`, [orgA]);
    expect(await verifyAuditChain(fx.dataSource, orgA)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash_mismatch' });
    const orgB = await chain();
    await fx.tamper(`UPDATE audit_events SET occurred_at = occurred_at + interval '1 microsecond' WHERE org_id = $1 AND seq = 7`, [orgB]);
    expect(await verifyAuditChain(fx.dataSource, orgB)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'hash_mismatch' });
  });

  it('detects a deleted event', async () => {
    const orgId = await chain();
    await fx.tamper('DELETE FROM audit_events WHERE org_id = $1 AND seq = 4', [orgId]);
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: false, count: 3, firstBrokenSeq: 4, reason: 'seq_gap' });
  });

  it('detects a deletion hidden by renumbering the later events', async () => {
    const orgId = await chain();
    await fx.tamper('DELETE FROM audit_events WHERE org_id = $1 AND seq = 4', [orgId]);
    for (let seq = 5; seq <= 10; seq++) await fx.tamper('UPDATE audit_events SET seq = seq - 1 WHERE org_id = $1 AND seq = $2', [orgId, seq]);
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'reordered', detail: 'the event at seq 4 was written as seq 5' });
  });

  it('detects two events whose seq was swapped', async () => {
    const orgId = await chain();
    await fx.tamper('UPDATE audit_events SET seq = 1000 WHERE org_id = $1 AND seq = 6', [orgId]);
    await fx.tamper('UPDATE audit_events SET seq = 6 WHERE org_id = $1 AND seq = 7', [orgId]);
    await fx.tamper('UPDATE audit_events SET seq = 7 WHERE org_id = $1 AND seq = 1000', [orgId]);
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: false, count: 5, firstBrokenSeq: 6, reason: 'reordered', detail: 'the event at seq 6 was written as seq 7' });
  });

  it('detects a forged event with a correct hash over a wrong previous hash', async () => {
    const orgId = await chain();
    const last = await row(orgId, 10);
    const forged = { ...last, id: randomUUID(), seq: 11, action: 'audit.cleared', prev_hash: 'ab'.repeat(32) };
    await insert({ ...forged, hash: computeRecordHash(forged) });
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: false, count: 10, firstBrokenSeq: 11, reason: 'prev_hash_mismatch' });
  });

  it('detects an event replaced by a perfectly hashed forgery at the next link', async () => {
    const orgId = await chain();
    const original = await row(orgId, 5);
    await fx.tamper('DELETE FROM audit_events WHERE org_id = $1 AND seq = 5', [orgId]);
    const forged = { ...original, id: randomUUID(), result: 'denied' };
    await insert({ ...forged, hash: computeRecordHash(forged) });
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: false, count: 5, firstBrokenSeq: 6, reason: 'prev_hash_mismatch', lastGoodSeq: 5 });
  });

  it('detects a chain that no longer starts at genesis', async () => {
    const orgId = await chain(3);
    await fx.tamper('DELETE FROM audit_events WHERE org_id = $1 AND seq = 1', [orgId]);
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: false, count: 0, firstBrokenSeq: 1, reason: 'seq_gap', lastGoodSeq: null });
  });

  it('detects removed newest events against an anchor', async () => {
    const orgId = await chain();
    const head = await row(orgId, 10);
    await fx.tamper('DELETE FROM audit_events WHERE org_id = $1 AND seq >= 9', [orgId]);
    // Without an anchor a truncated tail looks like a shorter chain.
    expect(await verifyAuditChain(fx.dataSource, orgId)).toMatchObject({ ok: true, count: 8 });
    expect(await verifyAuditChain(fx.dataSource, orgId, { anchor: { seq: 10, hash: head.hash } })).toMatchObject({ ok: false, firstBrokenSeq: 10, reason: 'anchor_mismatch' });
  });

  it('verifies a seq range starting from the stored hash before it, and an empty org', async () => {
    const orgId = await chain();
    expect(await verifyAuditChain(fx.dataSource, orgId, { fromSeq: 4, toSeq: 8 })).toMatchObject({ ok: true, count: 5, lastSeq: 8, lastHash: (await row(orgId, 8)).hash });
    await fx.tamper(`UPDATE audit_events SET action = 'x.y' WHERE org_id = $1 AND seq = 9`, [orgId]);
    expect(await verifyAuditChain(fx.dataSource, orgId, { toSeq: 8 })).toMatchObject({ ok: true });
    expect(await verifyAuditChain(fx.dataSource, orgId, { fromSeq: 4 })).toMatchObject({ ok: false, firstBrokenSeq: 9 });
    expect(await verifyAuditChain(fx.dataSource, await fx.createOrg())).toEqual({ ok: true, count: 0, lastSeq: null, lastHash: null });
    await expect(verifyAuditChain(fx.dataSource, 'not-a-uuid')).rejects.toThrow();
  });
});
