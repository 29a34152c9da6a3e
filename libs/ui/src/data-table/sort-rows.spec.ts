import { nextSort, sortRows } from './sort-rows';

describe('sortRows', () => {
  it('puts missing values last in both directions and leaves the input as it was', () => {
    const rows = [{ v: 3 }, { v: null }, { v: 1 }, { v: undefined }, { v: 2 }];
    const value = (r: { v: number | null | undefined }) => r.v;
    expect(sortRows(rows, value, 'ascending').map((r) => r.v)).toEqual([1, 2, 3, null, undefined]);
    expect(sortRows(rows, value, 'descending').map((r) => r.v)).toEqual([3, 2, 1, null, undefined]);
    expect(rows.map((r) => r.v)).toEqual([3, null, 1, undefined, 2]);
  });

  it('compares strings naturally and case-insensitively, and dates by time', () => {
    expect(sortRows(['key-10', 'Key-2', 'key-1'], (s) => s, 'ascending')).toEqual(['key-1', 'Key-2', 'key-10']);
    const dates = [new Date('2026-03-02'), new Date('2025-12-31'), new Date('2026-01-15')];
    expect(sortRows(dates, (d) => d, 'descending').map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-03-02', '2026-01-15', '2025-12-31']);
  });
});

describe('nextSort', () => {
  it('sorts a new column ascending and flips the current one', () => {
    expect(nextSort(null, 'name')).toEqual({ columnId: 'name', direction: 'ascending' });
    expect(nextSort({ columnId: 'name', direction: 'ascending' }, 'name')).toEqual({ columnId: 'name', direction: 'descending' });
    expect(nextSort({ columnId: 'name', direction: 'descending' }, 'name')).toEqual({ columnId: 'name', direction: 'ascending' });
    expect(nextSort({ columnId: 'name', direction: 'descending' }, 'created')).toEqual({ columnId: 'created', direction: 'ascending' });
  });
});
