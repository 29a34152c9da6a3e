'use client';

import { useMemo, useState, type ReactNode } from 'react';
import { EmptyState } from '../empty-state/empty-state';
import { cx, focusRing } from '../lib/cx';
import { nextSort, sortRows, type SortState, type SortValue } from './sort-rows';

export interface DataTableColumn<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: T) => SortValue;
  align?: 'start' | 'end';
}

export interface DataTableProps<T> {
  /** Accessible name of the table; set `captionHidden` when a visible heading already says it. */
  caption: string;
  captionHidden?: boolean;
  columns: ReadonlyArray<DataTableColumn<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  initialSort?: SortState;
  /** Shown instead of the body when there are no rows. */
  empty?: ReactNode;
  className?: string;
}

export function DataTable<T>({ caption, captionHidden, columns, rows, rowKey, initialSort, empty, className }: DataTableProps<T>) {
  const [sort, setSort] = useState<SortState | null>(initialSort ?? null);

  const sortedRows = useMemo(() => {
    if (!sort) return rows;
    const column = columns.find((c) => c.id === sort.columnId);
    return column?.sortValue ? sortRows(rows, column.sortValue, sort.direction) : rows;
  }, [rows, columns, sort]);

  return (
    <div className={cx('overflow-x-auto rounded-xl border border-border bg-surface', className)}>
      <table className="w-full border-collapse text-sm">
        <caption className={cx(captionHidden ? 'sr-only' : 'px-4 pt-4 text-left text-sm font-semibold text-fg')}>
          {caption}
        </caption>
        <thead>
          <tr className="border-b border-border">
            {columns.map((column) => {
              const direction = sort?.columnId === column.id ? sort.direction : undefined;
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-sort={column.sortValue ? (direction ?? 'none') : undefined}
                  className={cx(
                    'px-4 py-2.5 font-medium text-fg-muted',
                    column.align === 'end' ? 'text-right' : 'text-left',
                  )}
                >
                  {column.sortValue ? (
                    <button
                      type="button"
                      onClick={() => setSort((current) => nextSort(current, column.id))}
                      className={cx('inline-flex items-center gap-1 rounded hover:text-fg', focusRing)}
                    >
                      {column.header}
                      <SortIndicator direction={direction} />
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sortedRows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="p-4">
                {empty ?? <EmptyState title="Nothing to show yet" />}
              </td>
            </tr>
          ) : (
            sortedRows.map((row) => (
              <tr key={rowKey(row)} className="border-b border-border last:border-b-0 hover:bg-surface-muted/60">
                {columns.map((column) => (
                  <td
                    key={column.id}
                    className={cx('px-4 py-2.5 text-fg', column.align === 'end' && 'text-right tabular-nums')}
                  >
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function SortIndicator({ direction }: { direction: SortState['direction'] | undefined }) {
  const glyph = direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕';
  return (
    <span aria-hidden="true" className={cx('text-[0.65rem]', !direction && 'opacity-40')}>
      {glyph}
    </span>
  );
}
