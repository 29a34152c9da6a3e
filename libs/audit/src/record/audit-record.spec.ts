import { createHash } from 'node:crypto';
import { canonicalRecord, computeRecordHash, GENESIS_PREV_HASH, timestampFromDb, type AuditRecord } from './audit-record';

const first: AuditRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  org_id: '00000000-0000-4000-8000-0000000000aa',
  seq: 1,
  occurred_at: '2026-11-25T10:00:00.123Z',
  actor_type: 'user',
  actor_id: 'u1',
  actor_auth_method: 'password',
  action: 'api_key.created',
  target_type: 'api_key',
  target_id: 'k1',
  before: null,
  after: { name: 'ci', b: [1, 2] },
  ip: '10.0.0.1',
  user_agent: 'curl/8',
  result: 'success',
  request_id: 'r1',
  prev_hash: null,
  hash: '',
};

describe('audit record hashing', () => {
  it('serialises every column except hash, keys sorted, no whitespace', () => {
    expect(canonicalRecord(first)).toBe(
      '{"action":"api_key.created","actor_auth_method":"password","actor_id":"u1","actor_type":"user","after":{"b":[1,2],"name":"ci"},' +
        '"before":null,"id":"00000000-0000-4000-8000-000000000001","ip":"10.0.0.1","occurred_at":"2026-11-25T10:00:00.123Z",' +
        '"org_id":"00000000-0000-4000-8000-0000000000aa","prev_hash":null,"request_id":"r1","result":"success","seq":1,' +
        '"target_id":"k1","target_type":"api_key","user_agent":"curl/8"}',
    );
    expect(canonicalRecord({ ...first, hash: 'f'.repeat(64) })).toBe(canonicalRecord(first));
  });

  it('hashes canonical bytes followed by the previous hash, genesis for the first record', () => {
    const expected = createHash('sha256').update(canonicalRecord(first) + GENESIS_PREV_HASH).digest('hex');
    expect(computeRecordHash(first)).toBe(expected);
    const second = { ...first, seq: 2, prev_hash: expected };
    expect(computeRecordHash(second)).toBe(createHash('sha256').update(canonicalRecord(second) + expected).digest('hex'));
  });

  it('changes with any column', () => {
    const base = computeRecordHash(first);
    for (const edit of [{ seq: 2 }, { action: 'api_key.revoked' }, { after: { name: 'ci', b: [2, 1] } }, { occurred_at: '2026-11-25T10:00:00.124Z' }, { ip: null }]) {
      expect(computeRecordHash({ ...first, ...edit })).not.toBe(base);
    }
  });

  it('keeps a sub-millisecond database timestamp visible instead of rounding it away', () => {
    expect(timestampFromDb('2026-11-25T10:00:00.123000Z')).toBe('2026-11-25T10:00:00.123Z');
    expect(timestampFromDb('2026-11-25T10:00:00.123456Z')).toBe('2026-11-25T10:00:00.123456Z');
  });
});
