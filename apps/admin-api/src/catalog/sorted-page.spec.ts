import { isUuid, toSortedPage, type SortKey } from './sorted-page';

interface Row {
  id: string;
  name: string;
}

describe('sorted pages', () => {
  const key: SortKey<Row> = { column: 'r.name', valueOf: (r) => r.name };
  const rows = ['a', 'b', 'c'].map((name, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, name }));

  it('cuts the extra row and encodes the last row of the page as the cursor', () => {
    const page = toSortedPage(rows, 2, key, (r) => r.name);
    expect(page.items).toEqual(['a', 'b']);
    expect(JSON.parse(Buffer.from(page.nextCursor as string, 'base64url').toString())).toEqual(['b', rows[1].id]);
    expect(toSortedPage(rows, 3, key, (r) => r.name).nextCursor).toBeNull();
  });

  it('recognises uuids only', () => {
    expect(isUuid(rows[0].id)).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid(`${rows[0].id}x`)).toBe(false);
  });
});
