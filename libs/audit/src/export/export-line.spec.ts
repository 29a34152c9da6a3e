import { canonicalRecord, computeRecordHash, hashCanonicalRecord, type AuditRecord } from '../record/audit-record';
import { recordToCsvLine } from './csv-codec';
import { exportLineOf, recordToJsonLine } from './export-line';

function record(overrides: Partial<AuditRecord>): AuditRecord {
  const unsigned: Omit<AuditRecord, 'hash'> = {
    id: '00000000-0000-4000-8000-000000000001', org_id: '00000000-0000-4000-8000-0000000000aa', seq: 12, occurred_at: '2026-11-25T10:00:00.123Z',
    actor_type: 'user', actor_id: '=cmd|calc', actor_auth_method: 'oidc', action: 'team.updated', target_type: 'team', target_id: '-1',
    before: { name: 'a,"b"\n', Zeta: 1, alpha: [1.5, null, { é: true, e: 'ü\u2028' }], '10': 'numeric key' }, after: null,
    ip: '::1', user_agent: '', result: 'success', request_id: null, prev_hash: 'a'.repeat(64),
    ...overrides,
  };
  return { ...unsigned, hash: computeRecordHash(unsigned) };
}

describe('exportLineOf', () => {
  it.each([
    ['nested before, null after', record({})],
    ['genesis, null fields', record({ seq: 1, prev_hash: null, before: null, after: { n: 1e21, s: '' }, actor_id: null, target_type: null, ip: null, user_agent: null })],
  ])('gives exactly canonicalRecord and the JSONL / CSV lines (%s)', (_name, rec) => {
    const jsonl = exportLineOf(rec, 'jsonl');
    expect(jsonl.canonical).toBe(canonicalRecord(rec));
    expect(jsonl.line).toBe(recordToJsonLine(rec));
    expect(hashCanonicalRecord(jsonl.canonical, rec.prev_hash)).toBe(rec.hash);
    const csv = exportLineOf(rec, 'csv');
    expect(csv.canonical).toBe(canonicalRecord(rec));
    expect(csv.line).toBe(recordToCsvLine(rec));
  });
});
