import { appendAuditEvent } from './append-audit-event';
import { verifyAuditChain } from '../verify/verify-audit-chain';
import { createAuditFixture, sampleEvent, type AuditFixture } from '../test-support/audit-fixture';

jest.setTimeout(120_000);

describe('appendAuditEvent', () => {
  let fx: AuditFixture;
  beforeAll(async () => {
    fx = await createAuditFixture(30);
  });
  afterAll(() => fx.close());

  it('writes a chained, redacted event in the caller transaction', async () => {
    const orgId = await fx.createOrg();
    const first = await fx.dataSource.transaction((m) =>
      appendAuditEvent(m, { ...sampleEvent(orgId, 1), after: { name: 'ci', secret: 'sk-sluice-abcdefgh12345678', keyHash: 'h', createdAt: new Date('2026-01-01T00:00:00Z') } }),
    );
    const second = await fx.dataSource.transaction((m) => appendAuditEvent(m, sampleEvent(orgId, 2)));
    expect(first).toMatchObject({ seq: 1, prev_hash: null, actor_auth_method: 'password', after: { name: 'ci', secret: '[REDACTED]', keyHash: '[REDACTED]', createdAt: '2026-01-01T00:00:00.000Z' } });
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash });
    const raw = JSON.stringify(await fx.dataSource.query('SELECT * FROM audit_events WHERE org_id = $1', [orgId]));
    expect(raw).not.toContain('sk-sluice-abcdefgh12345678');
    expect(await verifyAuditChain(fx.dataSource, orgId)).toEqual({ ok: true, count: 2, lastSeq: 2, lastHash: second.hash });
  });

  it('rolls back with the caller: no event, no gap', async () => {
    const orgId = await fx.createOrg();
    await expect(
      fx.dataSource.transaction(async (m) => {
        await appendAuditEvent(m, sampleEvent(orgId, 1));
        throw new Error('the audited change failed');
      }),
    ).rejects.toThrow('the audited change failed');
    const event = await fx.dataSource.transaction((m) => appendAuditEvent(m, sampleEvent(orgId, 2)));
    expect(event.seq).toBe(1);
  });

  it('refuses to run outside a transaction or under REPEATABLE READ, and refuses invalid input', async () => {
    const orgId = await fx.createOrg();
    await expect(appendAuditEvent(fx.dataSource.manager, sampleEvent(orgId, 1))).rejects.toThrow(/inside a transaction/);
    await expect(fx.dataSource.transaction('REPEATABLE READ', (m) => appendAuditEvent(m, sampleEvent(orgId, 1)))).rejects.toThrow(/READ COMMITTED/);
    const bad = [
      { action: 'Created' },
      { action: 'api_key' },
      { actor: { type: 'user', authMethod: 'password' } },
      { actor: { type: 'root', id: 'x', authMethod: 'password' } },
      { ip: 'not-an-ip' },
      { result: 'ok' },
      { after: 'a string' },
      { role: 'owner' },
    ];
    for (const patch of bad) {
      await expect(fx.dataSource.transaction((m) => appendAuditEvent(m, { ...sampleEvent(orgId, 1), ...patch } as never))).rejects.toThrow();
    }
    expect(await fx.dataSource.query('SELECT 1 FROM audit_events WHERE org_id = $1', [orgId])).toEqual([]);
  });

  it('serialises concurrent appends from many connections into one gap-free chain per org', async () => {
    const [orgA, orgB] = [await fx.createOrg(), await fx.createOrg()];
    const writers = Array.from({ length: 24 }, (_, i) =>
      fx.dataSource.transaction(async (m) => {
        // Work before the append so that transactions overlap for real.
        await m.query('SELECT pg_sleep(0.02)');
        await appendAuditEvent(m, sampleEvent(i % 4 === 0 ? orgB : orgA, i));
      }),
    );
    await Promise.all(writers);
    const seqs = async (org: string) =>
      ((await fx.dataSource.query('SELECT seq::int AS seq FROM audit_events WHERE org_id = $1 ORDER BY seq', [org])) as Array<{ seq: number }>).map((r) => r.seq);
    expect(await seqs(orgA)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(await seqs(orgB)).toEqual(Array.from({ length: 6 }, (_, i) => i + 1));
    expect(await verifyAuditChain(fx.dataSource, orgA)).toMatchObject({ ok: true, count: 18 });
    expect(await verifyAuditChain(fx.dataSource, orgB)).toMatchObject({ ok: true, count: 6 });
  });
});
