export type FieldChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface FieldDiff {
  field: string;
  before: unknown;
  after: unknown;
  change: FieldChange;
}

/** Field-by-field comparison of an audit event's before and after images, changed fields first. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldDiff[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const rows = fields.map((field): FieldDiff => {
    const inBefore = before !== null && field in before;
    const inAfter = after !== null && field in after;
    const b = before?.[field];
    const a = after?.[field];
    const change: FieldChange = !inBefore ? 'added' : !inAfter ? 'removed' : JSON.stringify(b) === JSON.stringify(a) ? 'unchanged' : 'changed';
    return { field, before: b, after: a, change };
  });
  const order: Record<FieldChange, number> = { changed: 0, added: 1, removed: 2, unchanged: 3 };
  return rows.sort((x, y) => order[x.change] - order[y.change] || x.field.localeCompare(y.field));
}

export function displayValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
