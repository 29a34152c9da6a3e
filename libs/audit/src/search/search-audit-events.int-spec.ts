import { createAuditFixture, type AuditFixture } from '../test-support/audit-fixture';
import { searchAuditEvents } from './search-audit-events';

jest.setTimeout(120_000);

describe('searchAuditEvents', () => {
  let fx: AuditFixture;
  let orgId: string;
  let otherOrg: string;
  beforeAll(async () => {
    fx = await createAuditFixture();
    [orgId, otherOrg] = [await fx.createOrg(), await fx.createOrg()];
    await fx.appendEvents(orgId, 25);
    await fx.appendEvents(otherOrg, 5);
  });
  afterAll(() => fx.close());

  it('pages newest first with a keyset cursor, without repeats or gaps, and stays in the org', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchAuditEvents(fx.dataSource, orgId, {}, { cursor, limit: 10 });
      seen.push(...page.items.map((e) => e.seq));
      expect(page.items.every((e) => e.org_id === orgId)).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
  });

  it('filters by action (exact and prefix), actor, target, result and time', async () => {
    const all = async (filters: Parameters<typeof searchAuditEvents>[2]) => (await searchAuditEvents(fx.dataSource, orgId, filters, { limit: 500 })).items;
    expect((await all({ action: 'api_key.created' })).map((e) => e.seq)).toEqual([25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1]);
    expect(await all({ action: 'api_key.*' })).toHaveLength(13);
    expect((await all({ actorId: 'user-0' })).every((e) => e.actor_id === 'user-0')).toBe(true);
    expect((await all({ targetType: 'team', targetId: 't-4' })).map((e) => e.seq)).toEqual([4]);
    expect((await all({ result: 'denied' })).map((e) => e.seq)).toEqual([25, 20, 15, 10, 5]);
    const sixth = (await all({ targetId: 't-6' }))[0];
    const tenth = (await all({ targetId: 't-10' }))[0];
    const range = await all({ from: sixth.occurred_at, to: tenth.occurred_at });
    expect(range.every((e) => e.occurred_at >= sixth.occurred_at && e.occurred_at < tenth.occurred_at)).toBe(true);
    expect(range.map((e) => e.seq)).toContain(6);
  });

  it('rejects bad input', async () => {
    await expect(searchAuditEvents(fx.dataSource, orgId, {}, { limit: 0 })).rejects.toThrow();
    await expect(searchAuditEvents(fx.dataSource, orgId, {}, { cursor: "1; DROP TABLE x", limit: 5 })).rejects.toThrow();
    await expect(searchAuditEvents(fx.dataSource, orgId, { action: 'DROP' }, { limit: 5 })).rejects.toThrow();
  });
});
