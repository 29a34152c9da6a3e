import { diffRecords, displayValue } from './record-diff';

describe('diffRecords', () => {
  it('labels each field added, removed, changed or unchanged, changed ones first', () => {
    const rows = diffRecords({ name: 'ci', revokedAt: null, team: 't1', old: 1 }, { name: 'ci', revokedAt: '2026-03-01T00:00:00Z', team: 't1', extra: true });
    expect(rows.map((r) => [r.field, r.change])).toEqual([
      ['revokedAt', 'changed'],
      ['extra', 'added'],
      ['old', 'removed'],
      ['name', 'unchanged'],
      ['team', 'unchanged'],
    ]);
  });

  it('treats a creation (no before image) as all fields added', () => {
    expect(diffRecords(null, { name: 'ci', allowedModels: ['a'] }).every((r) => r.change === 'added')).toBe(true);
  });

  it('compares nested values by content', () => {
    expect(diffRecords({ m: ['a', 'b'] }, { m: ['a', 'b'] })[0].change).toBe('unchanged');
    expect(diffRecords({ m: ['a'] }, { m: ['a', 'b'] })[0].change).toBe('changed');
  });

  it('has nothing to show when neither image exists', () => {
    expect(diffRecords(null, null)).toEqual([]);
  });
});

describe('displayValue', () => {
  it('shows strings bare, JSON for everything else and a dash for a missing value', () => {
    expect(displayValue('x')).toBe('x');
    expect(displayValue(['a'])).toBe('["a"]');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(undefined)).toBe('—');
  });
});
